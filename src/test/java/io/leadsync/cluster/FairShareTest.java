package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FairShareTest {

    private static final List<String> PAIRS = IntStream.rangeClosed(1, 50).mapToObj(i -> "leadsync-pair" + i).toList();

    @Test
    void fiftyPairsOnThreeNodesAreSpreadAcrossAllOfThem() {
        Map<String, Long> perNode = leaders(List.of("node-a", "node-b", "node-c")).values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(perNode).containsOnlyKeys("node-a", "node-b", "node-c");
        assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isBetween(8L, 26L));
    }

    @Test
    void everyNodeComputesTheSameLeaderWhateverTheOrderItListsTheMembersIn() {
        assertThat(leaders(List.of("node-c", "node-a", "node-b"))).isEqualTo(leaders(List.of("node-a", "node-b", "node-c")));
    }

    @Test
    void whenANodeLeavesOnlyThePairsItLedMove() {
        Map<String, String> before = leaders(List.of("node-a", "node-b", "node-c"));
        Map<String, String> after = leaders(List.of("node-a", "node-c"));

        PAIRS.stream().filter(p -> !before.get(p).equals("node-b"))
                .forEach(p -> assertThat(after.get(p)).as(p).isEqualTo(before.get(p)));
        assertThat(after.values()).doesNotContain("node-b");
    }

    @Test
    void aNodeThatJoinsTakesOnlyPairsFromTheOthersAndSomeOfThem() {
        Map<String, String> before = leaders(List.of("node-a", "node-b"));
        Map<String, String> after = leaders(List.of("node-a", "node-b", "node-c"));

        PAIRS.stream().filter(p -> !after.get(p).equals("node-c"))
                .forEach(p -> assertThat(after.get(p)).as(p).isEqualTo(before.get(p)));
        assertThat(after.values()).contains("node-c");
    }

    @Test
    void noMembersNoLeader() {
        assertThat(FairShare.preferredLeader("leadsync-trello", List.of())).isEmpty();
    }

    private static Map<String, String> leaders(List<String> members) {
        return PAIRS.stream().collect(Collectors.toMap(p -> p, p -> FairShare.preferredLeader(p, members).orElseThrow()));
    }
}
