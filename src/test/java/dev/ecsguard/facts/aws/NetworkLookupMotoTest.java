package dev.ecsguard.facts.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.ecsguard.facts.Budget;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.event.CloudTrailEvents;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.facts.SubnetEgress.DefaultRoute;
import dev.ecsguard.handler.GuardHandler;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Engine;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.network.RunTaskCanPullImage;
import dev.ecsguard.rule.network.RunTaskPublicIpNeeded;
import dev.ecsguard.testing.CapturedLog;
import dev.ecsguard.testing.FakeContext;
import dev.ecsguard.testing.FaultProxy;
import dev.ecsguard.testing.FaultProxy.Fault;
import dev.ecsguard.testing.MotoAccount;
import dev.ecsguard.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.LaunchType;

/**
 * The subnet lookup and the two subnet rules against a VPC built in moto: an internet-gateway subnet, a NAT
 * subnet, a subnet on the VPC's main route table and a private subnet with ECR and S3 endpoints; then the same
 * through the real handler, and the degraded paths (throttled, access denied, too slow) through a fault proxy.
 */
@ExtendWith(MotoServer.Extension.class)
class NetworkLookupMotoTest {

  private static final String REGION = MotoServer.REGION;
  private static final String SUBNETS = "/networkConfiguration/awsvpcConfiguration/subnets/";

  /** What was built: each subnet and the route table that decides it. */
  private record Network(String vpc, String publicSubnet, String natSubnet, String mainSubnet, String privateSubnet,
      String publicTable, String natTable, String mainTable, String privateTable) {}

  private static Ec2Client ec2;
  private static Network network;
  private AwsClients clients;
  /** Each test starts cold. */
  private FactCache cache;

  /** The lookups only read, so the network is built once for the class (about 3 s in moto). */
  @BeforeAll
  static void buildTheNetwork() {
    MotoServer moto = MotoServer.get();
    moto.reset();
    ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(REGION))
        .credentialsProvider(moto.credentials()).build();
    network = build();
  }

  @AfterAll
  static void closeEc2() {
    ec2.close();
  }

  @BeforeEach
  void freshCache() {
    clients = new AwsClients(MotoServer.get().endpoint(), MotoServer.get().credentials());
    cache = new FactCache(Duration.ofMinutes(5), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    clients.close();
  }

  /** moto's run-task with awsvpc needs DNS hostnames on the VPC (ecosystem.md §3): set, as in a real setup. */
  private static Network build() {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(b -> b.value(true)));
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsSupport(b -> b.value(true)));
    String publicSubnet = subnet(vpc, "10.0.1.0/24");
    String natSubnet = subnet(vpc, "10.0.2.0/24");
    String mainSubnet = subnet(vpc, "10.0.3.0/24");
    String privateSubnet = subnet(vpc, "10.0.4.0/24");
    String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));

    String publicTable = table(vpc, publicSubnet);
    ec2.createRoute(r -> r.routeTableId(publicTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));

    String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    String nat = ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip)).natGateway().natGatewayId();
    String natTable = table(vpc, natSubnet);
    ec2.createRoute(r -> r.routeTableId(natTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));

    // The main table routes to the internet gateway, so the main-table subnet is told apart from "no table".
    String mainTable = ec2.describeRouteTables(r -> r.filters(
        f -> f.name("vpc-id").values(vpc), f -> f.name("association.main").values("true")))
        .routeTables().get(0).routeTableId();
    ec2.createRoute(r -> r.routeTableId(mainTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));

    String privateTable = table(vpc, privateSubnet);
    for (String service : List.of("ecr.api", "ecr.dkr")) {
      ec2.createVpcEndpoint(r -> r.vpcId(vpc).serviceName("com.amazonaws." + REGION + "." + service)
          .vpcEndpointType(VpcEndpointType.INTERFACE).subnetIds(privateSubnet).privateDnsEnabled(true));
    }
    ec2.createVpcEndpoint(r -> r.vpcId(vpc).serviceName("com.amazonaws." + REGION + ".s3")
        .vpcEndpointType(VpcEndpointType.GATEWAY).routeTableIds(privateTable));
    return new Network(vpc, publicSubnet, natSubnet, mainSubnet, privateSubnet, publicTable, natTable, mainTable,
        privateTable);
  }

  private static String subnet(String vpc, String cidr) {
    return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(REGION + "a")).subnet().subnetId();
  }

  private static String table(String vpc, String subnet) {
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnet));
    return table;
  }

  private AwsFacts facts(AwsClients through) {
    return new AwsFacts(through, cache, Budget.DEFAULT);
  }

  private static SubnetEgress known(Fact<SubnetEgress> fact) {
    assertInstanceOf(Fact.Known.class, fact, String.valueOf(fact));
    return ((Fact.Known<SubnetEgress>) fact).value();
  }

  @Test
  void eachKindOfSubnetIsToldApartAndCached() {
    AwsFacts cold = facts(clients);

    SubnetEgress internet = known(cold.subnetEgress(REGION, network.publicSubnet()));
    SubnetEgress nat = known(cold.subnetEgress(REGION, network.natSubnet()));
    SubnetEgress main = known(cold.subnetEgress(REGION, network.mainSubnet()));
    SubnetEgress endpoints = known(cold.subnetEgress(REGION, network.privateSubnet()));

    // Interface endpoints (private DNS) serve the whole VPC; the S3 gateway only the route tables it is on.
    assertEquals(new SubnetEgress(network.publicSubnet(), network.vpc(), network.publicTable(),
        DefaultRoute.INTERNET_GATEWAY, true, true, false), internet);
    assertEquals(new SubnetEgress(network.natSubnet(), network.vpc(), network.natTable(),
        DefaultRoute.NAT_GATEWAY, true, true, false), nat);
    assertEquals(new SubnetEgress(network.mainSubnet(), network.vpc(), network.mainTable(),
        DefaultRoute.INTERNET_GATEWAY, true, true, false), main);
    assertEquals(new SubnetEgress(network.privateSubnet(), network.vpc(), network.privateTable(),
        DefaultRoute.NONE, true, true, true), endpoints);
    assertTrue(endpoints.ecrReachablePrivately());
    // Explicit association: route tables + endpoints; main table: + subnet + main route table.
    assertEquals(new Facts.Usage(2 + 2 + 4 + 2, 0), cold.usage());

    AwsFacts warm = facts(clients);
    assertEquals(internet, known(warm.subnetEgress(REGION, network.publicSubnet())));
    assertEquals(main, known(warm.subnetEgress(REGION, network.mainSubnet())));
    assertEquals(new Facts.Usage(0, 2), warm.usage());
  }

  @Test
  void aSubnetThatDoesNotExistIsUnknownAndNotApplicable() {
    AwsFacts facts = facts(clients);

    Fact<SubnetEgress> fact = facts.subnetEgress(REGION, "subnet-0123456789abcdef0");

    Fact.Unknown<?> unknown = assertInstanceOf(Fact.Unknown.class, fact);
    assertEquals(Fact.Reason.NOT_APPLICABLE, unknown.reason());
    assertTrue(unknown.detail().contains("subnet-0123456789abcdef0 in us-east-1 does not exist"), unknown.detail());
    assertEquals(2, facts.usage().calls());
    assertEquals(List.of(), facts.transientFailures(), "a missing subnet is an answer, not an outage");
  }

  // --- The rules, through the engine, on the compliant sample definition ---

  private static EvaluationContext subject(Facts facts, String assignPublicIp, String... subnets) throws Exception {
    ObjectNode registration = MotoAccount.event("register-task-definition.json");
    JsonNode definition = registration.path("detail").path("responseElements").path("taskDefinition");
    ObjectNode request = (ObjectNode) MotoAccount.event("run-task.json").path("detail").path("requestParameters");
    ObjectNode vpc = (ObjectNode) request.path("networkConfiguration").path("awsvpcConfiguration");
    vpc.put("assignPublicIp", assignPublicIp);
    vpc.putArray("subnets").addAll(List.of(subnets).stream().map(Json.MAPPER.getNodeFactory()::textNode).toList());
    return new EvaluationContext(Subject.of(TaskDefinitions.fromJson(definition), REGION)
        .withRun(CloudTrailEvents.runRequest(request, null)), facts);
  }

  private static Evaluation evaluate(EvaluationContext subject) {
    return new Engine(new Catalog(List.of(new RunTaskCanPullImage(), new RunTaskPublicIpNeeded()))).evaluate(subject);
  }

  private static List<String> described(Evaluation evaluation) {
    return evaluation.findings().stream().map(f -> f.ruleId() + " " + f.field() + " " + f.severity()).toList();
  }

  @Test
  void thePublicSubnetWithoutAPublicIpCannotPullTheImage() throws Exception {
    AwsFacts facts = facts(clients);

    Evaluation evaluation = evaluate(subject(facts, "DISABLED", network.publicSubnet()));

    assertEquals(List.of("run-task-can-pull-image " + SUBNETS + "0 HIGH"), described(evaluation));
    String message = evaluation.findings().get(0).message();
    assertTrue(message.contains(network.publicSubnet() + " routes 0.0.0.0/0 to an internet gateway ("
        + network.publicTable() + ") but the task gets no public IP"), message);
    assertTrue(evaluation.complete(), String.valueOf(evaluation.gaps()));
  }

  @Test
  void theNatSubnetAndTheEndpointSubnetCanPullTheImage() throws Exception {
    AwsFacts facts = facts(clients);

    Evaluation evaluation = evaluate(subject(facts, "DISABLED", network.natSubnet(), network.privateSubnet()));

    assertEquals(List.of(), described(evaluation), "NAT, and ECR in the region through endpoints");
  }

  @Test
  void aSecondSubnetFailsWhileTheFirstPasses() throws Exception {
    Evaluation evaluation = evaluate(subject(facts(clients), "DISABLED", network.natSubnet(), network.mainSubnet()));

    assertEquals(List.of("run-task-can-pull-image " + SUBNETS + "1 HIGH"), described(evaluation));
    assertTrue(evaluation.findings().get(0).message().contains(network.mainSubnet()));
  }

  @Test
  void aPublicIpOnTheNatSubnetIsNotNeeded() throws Exception {
    Evaluation evaluation = evaluate(subject(facts(clients), "ENABLED", network.natSubnet()));

    assertEquals(List.of("run-task-public-ip-needed /networkConfiguration/awsvpcConfiguration/assignPublicIp LOW"),
        described(evaluation));
  }

  /** Asks each rule's questions once: the second rule and the second event are answered from the cache. */
  @Test
  void awsCallsPerRunTaskEventColdAndWarm() throws Exception {
    AwsFacts oneCold = facts(clients);
    evaluate(subject(oneCold, "ENABLED", network.natSubnet()));
    AwsFacts oneWarm = facts(clients);
    evaluate(subject(oneWarm, "ENABLED", network.natSubnet()));
    AwsFacts twoCold = facts(clients);
    evaluate(subject(twoCold, "ENABLED", network.publicSubnet(), network.mainSubnet()));
    AwsFacts twoWarm = facts(clients);
    evaluate(subject(twoWarm, "ENABLED", network.publicSubnet(), network.mainSubnet()));

    System.out.printf("network facts per RunTask event: 1 subnet cold %s, warm %s; 2 subnets cold %s, warm %s%n",
        oneCold.usage(), oneWarm.usage(), twoCold.usage(), twoWarm.usage());
    // Both rules ask about every subnet (assignPublicIp is ENABLED): the second asks the cache.
    assertEquals(new Facts.Usage(2, 1), oneCold.usage());
    assertEquals(new Facts.Usage(0, 2), oneWarm.usage());
    assertEquals(new Facts.Usage(2 + 4, 2), twoCold.usage());
    assertEquals(new Facts.Usage(0, 4), twoWarm.usage());
  }

  // --- Degraded: a fault proxy in front of moto's EC2 ---

  @Test
  void throttledIsUnknownAndLeavesAGap() throws Exception {
    try (FaultProxy proxy = new FaultProxy(MotoServer.get().endpoint());
        AwsClients faulty = new AwsClients(proxy.endpoint(), MotoServer.get().credentials())) {
      proxy.fail("DescribeRouteTables", Fault.ec2(503, "RequestLimitExceeded"));
      AwsFacts facts = facts(faulty);

      Evaluation evaluation = evaluate(subject(facts, "DISABLED", network.publicSubnet(), network.natSubnet()));

      assertEquals(List.of("run-task-can-pull-image " + SUBNETS + "0 INFO"), described(evaluation),
          "one INFO, no verdict; the second subnet is not asked of a throttled API");
      assertTrue(evaluation.findings().get(0).message().startsWith("could not verify: the route table of subnet "
          + network.publicSubnet() + " in us-east-1 (throttled)"), evaluation.findings().get(0).message());
      assertFalse(evaluation.complete(), "a transient unknown leaves the evaluation incomplete");
      assertEquals(1, facts.usage().calls(), "one fact call");
      assertEquals(2, proxy.calls("DescribeRouteTables"), "the fact client retries once, then gives up");
      assertEquals(0, proxy.calls("DescribeVpcEndpoints"));
      assertEquals(Fact.Reason.THROTTLED, facts.transientFailures().get(0).reason());
    }
  }

  @Test
  void accessDeniedNamesTheMissingPermission() throws Exception {
    try (FaultProxy proxy = new FaultProxy(MotoServer.get().endpoint());
        AwsClients faulty = new AwsClients(proxy.endpoint(), MotoServer.get().credentials())) {
      proxy.fail("DescribeVpcEndpoints", Fault.ec2(403, "UnauthorizedOperation"));

      Evaluation evaluation = evaluate(subject(facts(faulty), "DISABLED", network.publicSubnet()));

      Finding finding = evaluation.findings().get(0);
      assertEquals(List.of("run-task-can-pull-image " + SUBNETS + "0 INFO"), described(evaluation));
      assertTrue(finding.message().endsWith("(access denied), needs ec2:DescribeVpcEndpoints"), finding.message());
      assertTrue(evaluation.complete(), "a missing permission is not transient: reported, not a gap");

      proxy.fail("DescribeRouteTables", Fault.ec2(403, "UnauthorizedOperation"));
      String denied = evaluate(subject(facts(faulty), "ENABLED", network.natSubnet())).findings().get(0).message();
      assertTrue(denied.contains("needs ec2:DescribeRouteTables"), denied);
    }
  }

  @Test
  void aLookupThatTakesTooLongTimesOut() throws Exception {
    try (FaultProxy proxy = new FaultProxy(MotoServer.get().endpoint());
        AwsClients slow = new AwsClients(proxy.endpoint(), MotoServer.get().credentials())) {
      proxy.delay("DescribeRouteTables", Duration.ofSeconds(6));
      AwsFacts facts = facts(slow);
      long started = System.nanoTime();

      Evaluation evaluation = evaluate(subject(facts, "DISABLED", network.publicSubnet()));

      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(List.of("run-task-can-pull-image " + SUBNETS + "0 INFO"), described(evaluation));
      String message = evaluation.findings().get(0).message();
      assertTrue(message.contains("(timed out)"), message);
      assertFalse(evaluation.complete());
      assertTrue(millis < 5_000, "bounded by the fact client's call timeout, took " + millis + " ms");
    }
  }

  // --- The real handler, with the sample RunTask event pointed at the moto subnet ---

  @Test
  void theHandlerReportsTheRunTaskInThePublicSubnet() throws Exception {
    try (MotoAccount account = new MotoAccount(MotoServer.get());
        FaultProxy counting = new FaultProxy(MotoServer.get().endpoint());
        AwsClients guard = new AwsClients(counting.endpoint(), MotoServer.get().credentials())) {
      String topicArn = account.createAlertsTopic();
      ObjectNode registration = MotoAccount.event("register-task-definition.json");
      String arn = account.registerFrom(registration);
      // The subnet is one ECS accepts: moto starts the task in it (it answers 500 without DNS hostnames on the
      // VPC or without security groups).
      String group = ec2.createSecurityGroup(r -> r.vpcId(network.vpc()).groupName("task").description("task"))
          .groupId();
      account.ecs().createCluster(r -> r.clusterName("prod"));
      assertEquals(1, account.ecs().runTask(r -> r.cluster("prod").taskDefinition(arn).launchType(LaunchType.FARGATE)
          .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(network.publicSubnet())
              .securityGroups(group).assignPublicIp(AssignPublicIp.DISABLED)))).tasks().size());
      ObjectNode event = MotoAccount.event("run-task.json");
      ObjectNode request = (ObjectNode) event.path("detail").path("requestParameters");
      request.put("taskDefinition", arn);
      ((ObjectNode) request.path("networkConfiguration").path("awsvpcConfiguration")).putArray("subnets")
          .add(network.publicSubnet());
      for (JsonNode task : event.path("detail").path("responseElements").path("tasks")) {
        ((ObjectNode) task).put("taskDefinitionArn", arn);
      }
      CapturedLog log = new CapturedLog();
      GuardHandler handler = new GuardHandler(PipelineFactory.forAws(Map.of("ECS_GUARD_MODE", "audit",
          "ECS_GUARD_TOPIC_ARN", topicArn), guard, log, new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8)));

      handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new FakeContext("req-net"));

      assertEquals("ACTIVE", account.status(arn));
      List<JsonNode> alerts = account.deliveredAlerts();
      assertEquals(1, alerts.size());
      String body = alerts.get(0).path("Message").asText();
      assertTrue(body.contains("run-task-can-pull-image") && body.contains(network.publicSubnet()), body);
      assertFalse(body.contains("run-task-public-ip-needed"), body);
      String last = log.lines().get(log.lines().size() - 1);
      JsonNode line = Json.MAPPER.readTree(last.substring(last.indexOf(' ') + 1));
      assertTrue(line.path("findings").toString().contains("\"ruleId\":\"run-task-can-pull-image\",\"severity\":\""
          + Severity.HIGH + "\""), line.toString());
      int ec2Calls = counting.calls("DescribeRouteTables") + counting.calls("DescribeSubnets")
          + counting.calls("DescribeVpcEndpoints");
      System.out.printf("handler, RunTask event with 1 explicit-table subnet: %d EC2 calls, awsCallsForFacts %d, "
          + "factCacheHits %d%n", ec2Calls, line.path("awsCallsForFacts").asInt(), line.path("factCacheHits").asInt());
      assertEquals(2, ec2Calls, "DescribeRouteTables + DescribeVpcEndpoints; public-ip-needed asks nothing (DISABLED)");

      // The same call again (a new CloudTrail event id: a retry of the same id would not be alerted twice) in the
      // same execution environment: the subnet comes from the cache.
      event.with("detail").put("eventID", "5f1d2c3b-0000-4000-8000-000000000002");
      handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new FakeContext("req-net-2"));
      int warmCalls = counting.calls("DescribeRouteTables") + counting.calls("DescribeSubnets")
          + counting.calls("DescribeVpcEndpoints") - ec2Calls;
      String warmLast = log.lines().get(log.lines().size() - 1);
      JsonNode warmLine = Json.MAPPER.readTree(warmLast.substring(warmLast.indexOf(' ') + 1));
      System.out.printf("handler, same event warm: %d EC2 calls, awsCallsForFacts %d, factCacheHits %d%n", warmCalls,
          warmLine.path("awsCallsForFacts").asInt(), warmLine.path("factCacheHits").asInt());
      assertEquals(0, warmCalls);
      assertEquals(List.of(), account.deliveredAlerts(),
          "the second run of the same revision with the same findings is a repeat, not alerted within a day");
      assertTrue(warmLine.path("alert").asText().contains("alerted less than 1d ago"), warmLine.toString());
    }
  }
}
