package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.SubnetEgress;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * How a subnet reaches the internet and ECR, as the VPC route-table documentation defines it: the route table
 * explicitly associated with the subnet, else the VPC's main route table; the target of its {@code 0.0.0.0/0}
 * route; and the VPC endpoints that let a task pull from ECR privately.
 *
 * <p>Calls, in this order: {@code DescribeRouteTables} by {@code association.subnet-id} (its answer also names
 * the VPC); only when the subnet has no explicit association, {@code DescribeSubnets} for the VPC and
 * {@code DescribeRouteTables} for its main table; then {@code DescribeVpcEndpoints} for the VPC, filtered to
 * the ECR and S3 services. So two calls for a subnet with its own route table (the usual case), four for one
 * on the main table, two for a subnet that does not exist.
 *
 * <p>Answers that are not guesses:
 * <ul>
 *   <li>a subnet that does not exist (or an id that is not one) is unknown, NOT_APPLICABLE, "does not exist":
 *       nothing can be said about its routes, and the RunTask call that named it must have failed or the subnet
 *       was deleted since;
 *   <li>a VPC whose main route table is not visible is unknown, NOT_APPLICABLE: every VPC has one, so the caller
 *       cannot see it, which is what a participant of a shared VPC sees (the owner's route tables and endpoints
 *       are hidden); calling that "no default route" would be a false alarm;
 *   <li>a default route in state {@code blackhole} (its NAT gateway or instance deleted) counts as none;
 *   <li>a default route to anything but an internet gateway or a NAT gateway (transit gateway, NAT instance or
 *       other network interface, peering, virtual private gateway, firewall or Gateway Load Balancer endpoint)
 *       is OTHER: where it leads is beyond this lookup;
 *   <li>an endpoint counts when its state is {@code available} or {@code pending}; an interface endpoint also
 *       needs private DNS, without which the task still resolves ECR's public names;
 *   <li>one page of endpoints is read: with the service filter a VPC has at most a few matching endpoints.
 * </ul>
 */
final class NetworkLookup {

  private static final String ROUTE_TABLES = "ec2:DescribeRouteTables";
  private static final String SUBNETS = "ec2:DescribeSubnets";
  private static final String ENDPOINTS = "ec2:DescribeVpcEndpoints";
  /** Endpoint service names: {@code com.amazonaws.<region>.<service>}, in China also {@code cn.com.amazonaws…}. */
  private static final List<String> PREFIXES = List.of("com.amazonaws.", "cn.com.amazonaws.");
  private static final List<String> SERVICES = List.of("ecr.api", "ecr.dkr", "s3");

  private NetworkLookup() {}

  static Fact<SubnetEgress> subnetEgress(FactCalls calls, AwsClients clients, String region, String subnetId) {
    Ec2Client ec2 = clients.ec2(region);
    String subnet = "subnet " + subnetId + " in " + region;
    Fact<List<RouteTable>> associated = calls.call("the route table of " + subnet, ROUTE_TABLES,
        () -> ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", subnetId))).routeTables(), null);
    if (!(associated instanceof Fact.Known<List<RouteTable>> explicit)) {
      return retype(associated);
    }
    RouteTable table;
    String vpcId;
    if (!explicit.value().isEmpty()) {
      table = explicit.value().get(0);
      vpcId = table.vpcId();
    } else {
      Fact<Optional<String>> vpc = calls.call("the VPC of " + subnet, SUBNETS,
          () -> ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().stream().findFirst().map(Subnet::vpcId),
          NetworkLookup::noSuchSubnet);
      if (!(vpc instanceof Fact.Known<Optional<String>> known)) {
        return retype(vpc);
      }
      if (known.value().isEmpty()) {
        return Fact.unknown(Fact.Reason.NOT_APPLICABLE, subnet + " does not exist", null);
      }
      vpcId = known.value().get();
      Fact<List<RouteTable>> main = calls.call("the main route table of " + vpcId + " in " + region, ROUTE_TABLES,
          () -> ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId), filter("association.main", "true")))
              .routeTables(), null);
      if (!(main instanceof Fact.Known<List<RouteTable>> mainTables)) {
        return retype(main);
      }
      if (mainTables.value().isEmpty()) {
        return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "the route tables of " + vpcId + " (" + subnet
            + ") are not visible to this account, as in a VPC shared from another account", null);
      }
      table = mainTables.value().get(0);
    }
    List<String> serviceNames = PREFIXES.stream()
        .flatMap(prefix -> SERVICES.stream().map(service -> prefix + region + "." + service))
        .toList();
    Fact<List<VpcEndpoint>> endpoints = calls.call("the VPC endpoints of " + vpcId + " in " + region, ENDPOINTS,
        () -> ec2.describeVpcEndpoints(r -> r.filters(filter("vpc-id", vpcId),
            Filter.builder().name("service-name").values(serviceNames).build())).vpcEndpoints(), null);
    if (!(endpoints instanceof Fact.Known<List<VpcEndpoint>> found)) {
      return retype(endpoints);
    }
    return Fact.known(egress(subnetId, vpcId, table, found.value(), region));
  }

  /** The answer from the route table and the VPC's endpoints; pure, so it is tested without AWS. */
  static SubnetEgress egress(String subnetId, String vpcId, RouteTable table, List<VpcEndpoint> endpoints,
      String region) {
    boolean ecrApi = false;
    boolean ecrDkr = false;
    boolean s3 = false;
    for (VpcEndpoint endpoint : endpoints) {
      if (!usable(endpoint) || !vpcId.equals(endpoint.vpcId())) {
        continue;
      }
      String service = service(endpoint.serviceName(), region);
      boolean gateway = "Gateway".equalsIgnoreCase(endpoint.vpcEndpointTypeAsString());
      boolean privateInterface = "Interface".equalsIgnoreCase(endpoint.vpcEndpointTypeAsString())
          && !Boolean.FALSE.equals(endpoint.privateDnsEnabled());
      if ("ecr.api".equals(service) && privateInterface) {
        ecrApi = true;
      } else if ("ecr.dkr".equals(service) && privateInterface) {
        ecrDkr = true;
      } else if ("s3".equals(service)
          && (privateInterface || gateway && endpoint.routeTableIds().contains(table.routeTableId()))) {
        s3 = true;
      }
    }
    return new SubnetEgress(subnetId, vpcId, table.routeTableId(), defaultRoute(table), ecrApi, ecrDkr, s3);
  }

  /** The target of {@code 0.0.0.0/0}; a blackhole route leads nowhere. */
  static SubnetEgress.DefaultRoute defaultRoute(RouteTable table) {
    for (Route route : table.routes()) {
      if (!"0.0.0.0/0".equals(route.destinationCidrBlock())) {
        continue;
      }
      if ("blackhole".equalsIgnoreCase(route.stateAsString())) {
        return SubnetEgress.DefaultRoute.NONE;
      }
      if (route.natGatewayId() != null) {
        return SubnetEgress.DefaultRoute.NAT_GATEWAY;
      }
      if (route.gatewayId() != null && route.gatewayId().startsWith("igw-")) {
        return SubnetEgress.DefaultRoute.INTERNET_GATEWAY;
      }
      return SubnetEgress.DefaultRoute.OTHER;
    }
    return SubnetEgress.DefaultRoute.NONE;
  }

  private static boolean usable(VpcEndpoint endpoint) {
    String state = endpoint.stateAsString();
    return "available".equalsIgnoreCase(state) || "pending".equalsIgnoreCase(state);
  }

  /** {@code ecr.api} for {@code com.amazonaws.us-east-1.ecr.api} in us-east-1; null for another service or region. */
  static String service(String serviceName, String region) {
    if (serviceName == null) {
      return null;
    }
    for (String prefix : PREFIXES) {
      String start = prefix + region + ".";
      if (serviceName.startsWith(start)) {
        return serviceName.substring(start.length());
      }
    }
    return null;
  }

  /** {@code InvalidSubnetID.NotFound} (and {@code .Malformed}): a known answer, the subnet is not there. */
  private static Fact<Optional<String>> noSuchSubnet(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    return code.startsWith("InvalidSubnetID") ? Fact.known(Optional.empty()) : null;
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  /** An unknown carries no value, so it is one for any type. */
  @SuppressWarnings("unchecked")
  private static <T> Fact<T> retype(Fact<?> unknown) {
    return (Fact<T>) unknown;
  }
}
