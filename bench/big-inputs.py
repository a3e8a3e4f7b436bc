#!/usr/bin/env python3
"""Writes the large task definitions bench/big-input.sh lints, into the directory given (default target/big-inputs).

Every shape stays under the 10 MiB input cap; the 8 MB ones are the same size in different forms, since each
stresses a different part of the evaluation: one huge value, many variables, a long command, long names.
Values are deterministic and look like what a definition holds (no real credentials).
"""
import json
import os
import sys

TARGET = 8_000_000
out = sys.argv[1] if len(sys.argv) > 1 else "target/big-inputs"
os.makedirs(out, exist_ok=True)


def container(i, **extra):
    c = {
        "name": f"app-{i}",
        "image": f"123456789012.dkr.ecr.us-east-1.amazonaws.com/app-{i}:1.{i}.0",
        "essential": i == 0,
        "memory": 512,
        "cpu": 256,
        "environment": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": f"hunter2-{i:08d}x"}],
        "command": ["serve", "--port", str(8000 + i % 1000)],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": f"app-{i}"}},
        "portMappings": [{"containerPort": 8000 + i % 1000, "protocol": "tcp"}],
    }
    c.update(extra)
    return c


def definition(containers):
    return {
        "family": "big",
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/big:1",
        "revision": 1,
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1024",
        "memory": "2048",
        "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
        "taskRoleArn": "arn:aws:iam::123456789012:role/task",
        "containerDefinitions": containers,
    }


def word(n):
    """A deterministic token-like string of n characters (letters, digits, some separators)."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./="
    x, chars = 2463534242, []
    for _ in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        chars.append(alphabet[x % len(alphabet)])
    return "".join(chars)


def prose(n):
    """n characters of space-separated words, the way a script in a command reads."""
    words = ["echo", "start", "--config", "/etc/app.yaml", "&&", "exec", "java", "-jar", "app.jar", "|", "tee"]
    text, i = [], 0
    size = 0
    while size < n:
        w = words[i % len(words)]
        text.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(text)[:n]


chunk = word(4096)

shapes = {
    "ten-thousand-containers": definition([container(i) for i in range(10_000)]),
    "one-huge-value": definition([container(0, environment=[
        {"name": "BLOB", "value": (chunk * (TARGET // len(chunk) + 1))[:TARGET]}])]),
    "many-variables": definition([container(c, environment=[
        {"name": f"VAR_{c}_{i}", "value": f"value-{i:07d}-{c}"} for i in range(40_000)]) for c in range(4)]),
    "many-secret-variables": definition([container(c, environment=[
        {"name": f"API_TOKEN_{c}_{i}", "value": word(24)[:-8] + f"{i:08d}"} for i in range(31_000)])
        for c in range(4)]),
    "long-command": definition([container(0, command=["sh", "-c", prose(TARGET)])]),
    "many-command-arguments": definition([container(0, command=[f"--opt-{i}=value{i}" for i in range(320_000)])]),
    "long-names": definition([container(i, name="n" * 100_000 + str(i), image="repo/" + "i" * 100_000 + f":{i}")
                              for i in range(40)]),
    # Assignments with credential names and non-literal values, without a blank: each value runs to the end.
    "credential-assignments": definition([container(0, command=["sh", "-c", "password=$x" * (TARGET // 11)])]),
    "many-labels": definition([container(0, dockerLabels={f"label.{i}": f"v{i}" for i in range(300_000)})]),
}

for name, doc in shapes.items():
    path = os.path.join(out, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"{path}\t{os.path.getsize(path)} bytes")
