# `sam build` runs one target per function (template.yaml: Metadata BuildMethod makefile, CodeUri .).
# Every function runs the same jar: Maven builds it once (the shade and ProGuard steps of pom.xml),
# and Lambda's Java runtime loads it from lib/ of the deployment package.
# The tests set BUILD_JAR=true to check the packaging of a jar `./mvnw verify` has just built.
BUILD_JAR ?= ./mvnw -B -q package -DskipTests
JAR := target/ecs-guard.jar

.PHONY: jar build-GuardFunction build-InventorySweepFunction build-ScanFunction

jar:
	$(BUILD_JAR)

build-GuardFunction build-InventorySweepFunction build-ScanFunction: jar
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"
