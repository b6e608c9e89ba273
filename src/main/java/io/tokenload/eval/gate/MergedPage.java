package io.tokenload.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The merged report as one self-contained HTML page: a table per indicator, then the checks. */
final class MergedPage {

  private MergedPage() {}

  static String html(JsonNode merged) {
    StringBuilder sb = new StringBuilder();
    String title =
        "tokenload indicators"
            + (merged.path("model").isTextual() ? " of " + merged.get("model").asText() : "");
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:")
        .append("collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:left}.PASS{color:#070}.FAIL{color:#b00;font-weight:bold}</style>")
        .append("</head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p>Generated ")
        .append(escape(merged.path("generated_at").asText()))
        .append(".</p>\n");
    if (merged.has("gate")) {
      String gate = merged.get("gate").asText();
      sb.append("<h2>Gate: <span class=\"")
          .append(gate)
          .append("\">")
          .append(gate)
          .append("</span></h2>\n<ul>\n");
      for (JsonNode check : merged.path("checks")) {
        String line = check.asText();
        String verdict = line.startsWith("PASS") ? "PASS" : "FAIL";
        sb.append("<li class=\"")
            .append(verdict)
            .append("\">")
            .append(escape(line))
            .append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    for (JsonNode contract : merged.path(IndicatorFiles.MERGED_LIST)) {
      sb.append("<h2>")
          .append(escape(contract.path("indicator").asText()))
          .append("</h2>\n<table>\n");
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) contract::fields) {
        JsonNode v = field.getValue();
        sb.append("<tr><th>")
            .append(escape(field.getKey()))
            .append("</th><td>")
            .append(escape(v.isValueNode() ? v.asText() : v.toString()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
