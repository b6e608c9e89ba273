package io.tokenload.service.api;

import java.util.List;

/**
 * The API's routes, one list: the server registers these and nothing else under {@code /api}, and a
 * test holds {@code openapi.json} to exactly this list.
 */
record Route(String method, String path) {

  static final String TASKS = "/api/performance-eval/tasks";
  static final Route CREATE = new Route("POST", "/api/performance-eval/batch-tasks/from-script");
  static final Route LIST = new Route("GET", TASKS);
  static final Route GET = new Route("GET", TASKS + "/{id}");
  static final Route CANCEL = new Route("POST", TASKS + "/{id}/cancel");
  static final Route RESUME = new Route("POST", TASKS + "/{id}/resume");
  static final Route EVENTS = new Route("GET", TASKS + "/{id}/events");
  static final Route MODELS = new Route("GET", "/api/models");
  static final Route DATASETS = new Route("GET", "/api/datasets");
  static final Route OPENAPI = new Route("GET", "/api/openapi.json");

  static final List<Route> ALL =
      List.of(CREATE, LIST, GET, CANCEL, RESUME, EVENTS, MODELS, DATASETS, OPENAPI);
}
