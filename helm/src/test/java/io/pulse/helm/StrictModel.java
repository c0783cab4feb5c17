package io.pulse.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rendered object into fabric8's typed model the way an API server with strict field
 * validation would: a misspelt or misplaced field, or a scalar of the wrong type, is a problem.
 *
 * <p>fabric8 keeps unknown fields in {@code additionalProperties} instead of failing, and its own
 * mapper turns {@code "3"} into 3, so both are checked here: the object graph is walked for
 * non-empty {@code additionalProperties}, and the document is read again by a Jackson mapper that
 * refuses scalar coercion (a quoted number where an int belongs, a bare number where a string
 * belongs, as Kubernetes' Go decoder does).
 */
final class StrictModel {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  private static final ObjectMapper NO_COERCION = noCoercionMapper();

  private StrictModel() {}

  /** The typed object, or null when fabric8 has no model class for the kind. */
  static HasMetadata typed(String document) {
    HasMetadata object = FABRIC8.unmarshal(document);
    return object instanceof GenericKubernetesResource ? null : object;
  }

  /** Every problem found in one document of a built-in kind, each with its path; empty if none. */
  static List<String> problems(String document) {
    HasMetadata typed = typed(document);
    if (typed == null) {
      return List.of("fabric8 has no typed model for this kind");
    }
    List<String> problems = new ArrayList<>();
    walk(typed, typed.getKind(), problems, new IdentityHashMap<>());
    try {
      NO_COERCION.readValue(document, typed.getClass());
    } catch (Exception e) {
      problems.add("scalar type: " + e.getMessage().lines().findFirst().orElse(""));
    }
    return problems;
  }

  private static void walk(
      Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object value = read(field, node);
        if (field.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add("unknown field(s) " + extra.keySet() + " at " + path);
          }
        } else {
          walk(value, path + "." + field.getName(), problems, seen);
        }
      }
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  private static ObjectMapper noCoercionMapper() {
    ObjectMapper mapper =
        JsonMapper.builder(new YAMLFactory())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Unknown fields are reported by the walk above, with their path.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    for (CoercionInputShape shape :
        Set.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }
}
