package dev.ecsguard.model;

/**
 * One entry of {@code portMappings}. Ports given as text ({@code "8080"}) are read as numbers; null when
 * absent or unreadable.
 */
public record PortMapping(int index, Integer containerPort, Integer hostPort, String protocol) {}
