package dev.ecsguard.model;

/** An entry of {@code secrets} or {@code secretOptions}: the name and where ECS fetches it from. */
public record SecretReference(String name, String valueFrom) {}
