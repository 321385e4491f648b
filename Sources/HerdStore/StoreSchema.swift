import GRDB

/// The database schema as a list of versioned migrations. Never edit a shipped migration: add a new one.
enum StoreSchema {
    /// Identifiers of all migrations this build knows, oldest first.
    static var migrationIDs: [String] { migrator.migrations }

    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1-initial") { db in
            // Times are Unix seconds (REAL) and ids are upper-case UUID strings, so the file reads well in sqlite3.
            try db.execute(sql: """
                CREATE TABLE conversations (
                    id          TEXT PRIMARY KEY NOT NULL,
                    title       TEXT NOT NULL DEFAULT '',
                    created_at  REAL NOT NULL,
                    updated_at  REAL NOT NULL
                );
                CREATE INDEX conversations_by_update ON conversations(updated_at);

                CREATE TABLE messages (
                    rowid              INTEGER PRIMARY KEY,
                    id                 TEXT NOT NULL UNIQUE,
                    conversation_id    TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                    position           INTEGER NOT NULL,
                    role               TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
                    text               TEXT NOT NULL,
                    member             TEXT,
                    status             TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'stopped', 'failed')),
                    failure_reason     TEXT,
                    prompt_tokens      INTEGER,
                    completion_tokens  INTEGER,
                    seconds            REAL,
                    tokens_per_second  REAL,
                    rating             INTEGER,
                    created_at         REAL NOT NULL,
                    updated_at         REAL NOT NULL
                );
                CREATE INDEX messages_by_conversation ON messages(conversation_id, position);
                -- Partial index: finding interrupted streams on start stays instant however long the history.
                CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

                CREATE TABLE decisions (
                    message_id      TEXT PRIMARY KEY NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    chosen          TEXT NOT NULL,
                    router_choice   TEXT,
                    runner_up       TEXT,
                    lambda          REAL NOT NULL,
                    mode            TEXT NOT NULL,
                    reason          TEXT NOT NULL,
                    micros          REAL NOT NULL,
                    router_version  TEXT NOT NULL,
                    scores          TEXT NOT NULL,  -- JSON array of {member, confidence, utility, isPrior, available}
                    created_at      REAL NOT NULL
                );

                -- No foreign keys: feedback outlives deleted conversations because router training replays it.
                CREATE TABLE feedback (
                    id               TEXT PRIMARY KEY NOT NULL,
                    kind             TEXT NOT NULL CHECK (kind IN ('rating', 'retry', 'override')),
                    conversation_id  TEXT,
                    message_id       TEXT,
                    prompt           TEXT NOT NULL,
                    member           TEXT NOT NULL,
                    replacement      TEXT,
                    rating           INTEGER,
                    lambda           REAL,
                    router_version   TEXT,
                    created_at       REAL NOT NULL
                );
                CREATE INDEX feedback_by_time ON feedback(created_at);

                -- External-content index: the text is stored once, in messages.
                CREATE VIRTUAL TABLE messages_fts USING fts5(
                    text, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
                END;
                CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
                END;
                -- Only when the text changed: status-only updates (stop, rating) leave the index alone.
                CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.text IS NOT new.text BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
                    INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
                END;
                """)
        }
        m.registerMigration("v2-answer-groups") { db in
            // Compare and cascade: several answers to one prompt, each a message; this says which
            // group, column or step each is, which one answered, and why a cascade step did not.
            try db.execute(sql: """
                CREATE TABLE answer_groups (
                    message_id  TEXT PRIMARY KEY NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                    kind        TEXT NOT NULL CHECK (kind IN ('compare', 'cascade')),
                    group_id    TEXT NOT NULL,
                    slot        INTEGER NOT NULL,
                    chosen      INTEGER NOT NULL DEFAULT 0,
                    note        TEXT
                );
                CREATE INDEX answer_groups_by_group ON answer_groups(group_id, slot);

                -- A pick among compared answers: winner ≻ each loser. No foreign keys, as for feedback.
                CREATE TABLE preferences (
                    id               TEXT PRIMARY KEY NOT NULL,
                    conversation_id  TEXT,
                    message_id       TEXT,
                    prompt           TEXT NOT NULL,
                    winner           TEXT NOT NULL,
                    losers           TEXT NOT NULL,  -- JSON array of member names
                    confidences      TEXT NOT NULL,  -- JSON object member → confidence at the time
                    lambda           REAL,
                    router_version   TEXT,
                    created_at       REAL NOT NULL
                );
                CREATE INDEX preferences_by_time ON preferences(created_at);
                """)
        }
        m.registerMigration("v2-failovers") { db in
            // One line per move of a reply between replicas (Message.failovers); NULL: none.
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN failovers TEXT")
        }
        m.registerMigration("v3-index-ended-messages") { db in
            // A streaming reply was re-indexed whole (delete, then insert) at every append, 30 times a
            // second: most of the store's CPU while streaming (perf, `Benchmarks/tui-process --model
            // babble`). The index now holds only messages that have ended; a reply is indexed once,
            // when its final state is saved, and search finds it from then on. The view is the index's
            // content table, so FTS5's integrity check and snippets agree with what is indexed.
            try db.execute(sql: """
                DROP TRIGGER messages_fts_insert;
                DROP TRIGGER messages_fts_delete;
                DROP TRIGGER messages_fts_update;
                DROP TABLE messages_fts;
                CREATE VIEW messages_ended AS SELECT rowid AS rowid, text FROM messages WHERE status <> 'streaming';
                CREATE VIRTUAL TABLE messages_fts USING fts5(
                    text, content = 'messages_ended', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
                );
                INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
                CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
                    INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
                END;
                CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
                END;
                -- One trigger, not two: SQLite runs a row's triggers newest first, and the old text must
                -- leave the index before the new text enters it. Status-only updates that do not end or
                -- restart a stream (a rating, failed → stopped) leave the index alone.
                CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, status ON messages
                WHEN old.text IS NOT new.text OR (old.status = 'streaming') IS NOT (new.status = 'streaming') BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, text)
                        SELECT 'delete', old.rowid, old.text WHERE old.status <> 'streaming';
                    INSERT INTO messages_fts(rowid, text) SELECT new.rowid, new.text WHERE new.status <> 'streaming';
                END;
                """)
        }
        return m
    }()
}
