package io.tokenload.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * What tokenload reads from a Hugging Face {@code tokenizer.json} itself, with a streaming parser
 * (the files are 10 MB and more): the ids of the model's vocabulary and of the added tokens. It
 * also checks the file is a tokenizer before the native library sees it, so a wrong file gets an
 * error that says so.
 *
 * @param file the file read
 * @param modelType {@code model.type}: {@code BPE}, {@code Unigram}, {@code WordPiece}, …
 * @param modelIds ids of {@code model.vocab}
 * @param addedIds ids of {@code added_tokens}, special or not
 */
record TokenizerJson(Path file, String modelType, BitSet modelIds, BitSet addedIds) {

  private static final JsonFactory JSON = new JsonFactory();

  static TokenizerJson read(Path file) {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      return read(file, p);
    } catch (JsonParseException e) {
      throw notATokenizer(
          file, "it is not valid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer file " + file.toAbsolutePath(), e);
    }
  }

  private static TokenizerJson read(Path file, JsonParser p) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw notATokenizer(file, "it is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw notATokenizer(file, "it holds a JSON " + describe(first) + ", not an object");
    }
    String modelType = null;
    BitSet modelIds = null;
    BitSet addedIds = new BitSet();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("model") && value == JsonToken.START_OBJECT) {
        Model model = readModel(file, p);
        modelType = model.type;
        modelIds = model.ids;
      } else if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
        readAddedIds(file, p, addedIds);
      } else {
        p.skipChildren();
      }
    }
    if (modelIds == null) {
      throw notATokenizer(file, "it has no \"model\" object with a \"vocab\"");
    }
    if (modelIds.isEmpty()) {
      throw notATokenizer(file, "its model.vocab is empty");
    }
    return new TokenizerJson(file, modelType == null ? "unknown" : modelType, modelIds, addedIds);
  }

  private static final class Model {
    String type;
    BitSet ids;
  }

  private static Model readModel(Path file, JsonParser p) throws IOException {
    Model model = new Model();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("type") && value == JsonToken.VALUE_STRING) {
        model.type = p.getText();
      } else if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
        model.ids = new BitSet();
        // BPE, WordPiece, WordLevel: {"token": id, …}
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String token = p.currentName();
          if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 0) {
            throw notATokenizer(
                file, "model.vocab[\"" + token + "\"] is not a token id" + at(p.currentLocation()));
          }
          model.ids.set(p.getIntValue());
        }
      } else if (field.equals("vocab") && value == JsonToken.START_ARRAY) {
        // Unigram: [["piece", score], …], the id being the index.
        model.ids = new BitSet();
        int id = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          p.skipChildren();
          model.ids.set(id++);
        }
      } else {
        p.skipChildren();
      }
    }
    return model;
  }

  private static void readAddedIds(Path file, JsonParser p, BitSet ids) throws IOException {
    int index = 0;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      boolean found = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT && p.getIntValue() >= 0) {
          ids.set(p.getIntValue());
          found = true;
        } else {
          p.skipChildren();
        }
      }
      if (!found) {
        throw notATokenizer(file, "added_tokens[" + index + "] has no \"id\"");
      }
      index++;
    }
  }

  private static IllegalArgumentException notATokenizer(Path file, String why) {
    return new IllegalArgumentException(
        file.toAbsolutePath()
            + " is not a Hugging Face tokenizer.json: "
            + why
            + "; expected the JSON object that tokenizers' save() writes, with \"model\" (and its"
            + " \"vocab\") and \"added_tokens\"");
  }

  private static String at(JsonLocation where) {
    return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "null";
    };
  }
}
