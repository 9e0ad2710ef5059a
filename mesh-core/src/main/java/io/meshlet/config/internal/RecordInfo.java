package io.meshlet.config.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reflection facts about one model record type, computed once: its keys, component types and constructor. */
final class RecordInfo {
  final Type[] types;
  final Map<String, Integer> byKey = new LinkedHashMap<>();
  final Constructor<?> constructor;

  RecordInfo(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    types = new Type[components.length];
    Class<?>[] raw = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      JsonProperty property = component.getAnnotation(JsonProperty.class);
      if (property == null && component.getAccessor() != null) {
        property = component.getAccessor().getAnnotation(JsonProperty.class);
      }
      String key = property != null && !property.value().isEmpty() ? property.value() : component.getName();
      byKey.put(key, i);
      types[i] = component.getGenericType();
      raw[i] = component.getType();
    }
    try {
      constructor = type.getDeclaredConstructor(raw);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
