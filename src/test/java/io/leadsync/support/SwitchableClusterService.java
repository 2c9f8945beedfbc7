package io.leadsync.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * A cluster service whose elections a test decides: {@link #lead} and {@link #lose} switch this node's leadership of
 * a namespace and tell the view's listeners, as a real service does when an election changes hands.
 */
public final class SwitchableClusterService extends AbstractCamelClusterService<SwitchableClusterService.View> {

    private final Map<String, Boolean> leading = new ConcurrentHashMap<>();
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final Map<String, Integer> starts = new ConcurrentHashMap<>();

    public SwitchableClusterService(String node) {
        super(node);
    }

    public void lead(String namespace) {
        switchTo(namespace, true);
    }

    public void lose(String namespace) {
        switchTo(namespace, false);
    }

    private void switchTo(String namespace, boolean leader) {
        leading.put(namespace, leader);
        View view = views.get(namespace);
        if (view != null) {
            view.changed();
        }
    }

    /** How many times the namespace's view was started: joined the election. */
    public int starts(String namespace) {
        return starts.getOrDefault(namespace, 0);
    }

    @Override
    protected View createView(String namespace) {
        View view = new View(namespace);
        views.put(namespace, view);
        return view;
    }

    @Override
    public boolean isLeader(String namespace) {
        return leading.getOrDefault(namespace, false);
    }

    final class View extends AbstractCamelClusterView {
        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return SwitchableClusterService.this.isLeader(getNamespace());
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return SwitchableClusterService.this.getId();
            }
        };

        View(String namespace) {
            super(SwitchableClusterService.this, namespace);
        }

        void changed() {
            fireLeadershipChangedEvent(getLeader().orElse(null));
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return local.isLeader() ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() {
            starts.merge(getNamespace(), 1, Integer::sum);
        }

        @Override
        protected void doStop() {
        }
    }
}
