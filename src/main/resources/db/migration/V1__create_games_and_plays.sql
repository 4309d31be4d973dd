-- Durable copy of every game's state and play-by-play, written by JdbcGameStore.
-- The same SQL runs on H2 2.x and PostgreSQL, so it keeps to types both accept.
-- VARCHAR without a length is unbounded on PostgreSQL and allows 1,000,000,000 characters
-- on H2 (checked on 2.5.252). The JSON columns use it to store the forms GameJson writes.

CREATE TABLE games (
    id         VARCHAR                  NOT NULL,
    league     VARCHAR                  NOT NULL,
    start_time TIMESTAMP WITH TIME ZONE,
    status     VARCHAR(16)              NOT NULL,
    state_json VARCHAR                  NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT games_pk PRIMARY KEY (id)
);

-- No foreign key to games, because a play may be written before its game's first state.
CREATE TABLE plays (
    game_id   VARCHAR NOT NULL,
    action    BIGINT  NOT NULL,
    order_no  BIGINT  NOT NULL,
    period    INTEGER NOT NULL,
    deleted   BOOLEAN NOT NULL,
    play_json VARCHAR NOT NULL,
    CONSTRAINT plays_pk PRIMARY KEY (game_id, action)
);

-- Serves the newest-first pages of one game's plays.
CREATE INDEX plays_game_order ON plays (game_id, order_no);
