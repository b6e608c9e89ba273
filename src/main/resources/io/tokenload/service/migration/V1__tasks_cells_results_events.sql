-- The service's task database (docs/service.md). Flyway applies each V<n>__*.sql once, in order,
-- and records it in flyway_schema_history; a later change is a new file, never an edit of this one.

CREATE TABLE tasks (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200)  NOT NULL,
  description   VARCHAR(2000) NOT NULL,
  model_id      INT           NOT NULL,
  dataset_id    INT           NOT NULL,
  request_json  CLOB          NOT NULL,  -- the body as submitted
  definition_json CLOB        NOT NULL,  -- the run definition it became
  pairing       VARCHAR(4000) NOT NULL,  -- LoadPairing.describe()
  status        VARCHAR(20)   NOT NULL,  -- queued, running, completed, failed, cancelled, interrupted
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at    TIMESTAMP WITH TIME ZONE,
  finished_at   TIMESTAMP WITH TIME ZONE,
  run_dir       VARCHAR(1000),           -- the run folder under reports/, once the child made it
  child_pid     BIGINT,                  -- the running child, so a restart can stop an orphan
  exit_code     INT,
  message       VARCHAR(4000),
  summary_json  CLOB                     -- summary.json's run figures, once written
);

CREATE TABLE cells (
  task_id       BIGINT       NOT NULL REFERENCES tasks(id),
  position      INT          NOT NULL,
  name          VARCHAR(100) NOT NULL,
  input_tokens  INT          NOT NULL,
  output_tokens INT          NOT NULL,
  concurrency   INT          NOT NULL,
  requests      INT          NOT NULL,
  count_carried BOOLEAN      NOT NULL,  -- the request count was carried on from the last one given
  status        VARCHAR(20)  NOT NULL,  -- pending, running, finished
  finished_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (task_id, position)
);

CREATE TABLE results (
  task_id        BIGINT       NOT NULL REFERENCES tasks(id),
  cell           VARCHAR(100) NOT NULL,
  completed      BIGINT       NOT NULL,
  failed         BIGINT       NOT NULL,
  requests_per_s DOUBLE PRECISION NOT NULL,
  output_tokens_per_s DOUBLE PRECISION NOT NULL,
  ttft_p50_ms    DOUBLE PRECISION NOT NULL,
  ttft_p99_ms    DOUBLE PRECISION NOT NULL,
  itl_p50_ms     DOUBLE PRECISION NOT NULL,
  itl_p99_ms     DOUBLE PRECISION NOT NULL,
  e2e_p99_ms     DOUBLE PRECISION NOT NULL,
  summary_json   CLOB         NOT NULL,  -- the cell's entry of summary.json, whole
  PRIMARY KEY (task_id, cell)
);

CREATE TABLE events (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  task_id    BIGINT      NOT NULL REFERENCES tasks(id),
  at         TIMESTAMP WITH TIME ZONE NOT NULL,
  kind       VARCHAR(40) NOT NULL,
  data_json  CLOB        NOT NULL
);
CREATE INDEX events_by_task ON events(task_id, id);
