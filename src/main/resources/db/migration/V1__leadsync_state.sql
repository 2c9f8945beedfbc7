-- leadsync's state: every journal (a pair's links, the applied-change keys, the dead letters, the audit log...) as
-- its lines in order; a journal is what leadsync.state=files keeps as one file under data/.
CREATE TABLE journal_line (
    journal text   NOT NULL,
    seq     bigserial NOT NULL,
    line    text   NOT NULL,
    PRIMARY KEY (journal, seq)
);
