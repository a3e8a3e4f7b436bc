package dev.ecsguard.facts.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.facts.SubnetEgress.DefaultRoute;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/** The decisions of the network lookup, on SDK shapes built by hand (the calls themselves run against moto). */
class NetworkLookupTest {

  private static final String VPC = "vpc-1";
  private static final Route LOCAL = Route.builder().destinationCidrBlock("10.0.0.0/16").gatewayId("local")
      .state("active").build();

  private static RouteTable table(Route... routes) {
    return RouteTable.builder().routeTableId("rtb-1").vpcId(VPC).routes(routes).build();
  }

  private static Route defaultRoute() {
    return Route.builder().destinationCidrBlock("0.0.0.0/0").state("active").build();
  }

  private static VpcEndpoint endpoint(String service, String type, String state) {
    return VpcEndpoint.builder().vpcId(VPC).serviceName(service).vpcEndpointType(type).state(state)
        .privateDnsEnabled(true).build();
  }

  private static SubnetEgress egress(List<VpcEndpoint> endpoints) {
    return NetworkLookup.egress("subnet-1", VPC, table(LOCAL), endpoints, "us-east-1");
  }

  @Test
  void theDefaultRouteIsClassifiedByItsTarget() {
    assertEquals(DefaultRoute.INTERNET_GATEWAY,
        NetworkLookup.defaultRoute(table(LOCAL, defaultRoute().toBuilder().gatewayId("igw-1").build())));
    assertEquals(DefaultRoute.NAT_GATEWAY,
        NetworkLookup.defaultRoute(table(LOCAL, defaultRoute().toBuilder().natGatewayId("nat-1").build())));
    for (Route other : List.of(
        defaultRoute().toBuilder().transitGatewayId("tgw-1").build(),
        defaultRoute().toBuilder().networkInterfaceId("eni-1").instanceId("i-1").build(),
        defaultRoute().toBuilder().vpcPeeringConnectionId("pcx-1").build(),
        defaultRoute().toBuilder().gatewayId("vgw-1").build(),
        defaultRoute().toBuilder().gatewayId("vpce-1").build())) {
      assertEquals(DefaultRoute.OTHER, NetworkLookup.defaultRoute(table(LOCAL, other)), other.toString());
    }
  }

  @Test
  void noDefaultRouteOrABlackholeIsNone() {
    assertEquals(DefaultRoute.NONE, NetworkLookup.defaultRoute(table(LOCAL)));
    assertEquals(DefaultRoute.NONE, NetworkLookup.defaultRoute(table(LOCAL,
        defaultRoute().toBuilder().natGatewayId("nat-deleted").state("blackhole").build())));
    assertEquals(DefaultRoute.NONE, NetworkLookup.defaultRoute(table(LOCAL,
        Route.builder().destinationIpv6CidrBlock("::/0").egressOnlyInternetGatewayId("eigw-1").state("active")
            .build())),
        "IPv6 egress does not carry an IPv4 pull");
  }

  @Test
  void theThreeEndpointsMakeEcrReachablePrivately() {
    SubnetEgress egress = egress(List.of(
        endpoint("com.amazonaws.us-east-1.ecr.api", "Interface", "available"),
        endpoint("com.amazonaws.us-east-1.ecr.dkr", "Interface", "pending"),
        endpoint("com.amazonaws.us-east-1.s3", "Gateway", "available").toBuilder().routeTableIds("rtb-1").build()));
    assertTrue(egress.ecrReachablePrivately(), egress.toString());
    assertEquals("rtb-1", egress.routeTableId());
  }

  @Test
  void anS3GatewayOnAnotherRouteTableDoesNotCountButAnInterfaceDoes() {
    assertFalse(egress(List.of(endpoint("com.amazonaws.us-east-1.s3", "Gateway", "available").toBuilder()
        .routeTableIds("rtb-other").build())).s3Endpoint());
    assertTrue(egress(List.of(endpoint("com.amazonaws.us-east-1.s3", "Interface", "available"))).s3Endpoint());
  }

  @Test
  void unusableEndpointsDoNotCount() {
    SubnetEgress egress = egress(List.of(
        endpoint("com.amazonaws.us-east-1.ecr.api", "Interface", "pendingAcceptance"),
        endpoint("com.amazonaws.us-east-1.ecr.dkr", "Interface", "available").toBuilder().privateDnsEnabled(false)
            .build(),
        endpoint("com.amazonaws.us-west-2.s3", "Interface", "available"),
        endpoint("com.amazonaws.us-east-1.ecr.api", "Interface", "deleted"),
        endpoint("com.amazonaws.us-east-1.ecr.api", "Interface", "available").toBuilder().vpcId("vpc-other").build()));
    assertFalse(egress.ecrApiEndpoint(), "pendingAcceptance, deleted, or another VPC");
    assertFalse(egress.ecrDkrEndpoint(), "without private DNS the task still resolves ECR's public name");
    assertFalse(egress.s3Endpoint(), "another region's service");
  }

  @Test
  void serviceNamesAreReadInBothPartitionsAndOnlyForTheRegion() {
    assertEquals("ecr.dkr", NetworkLookup.service("com.amazonaws.us-east-1.ecr.dkr", "us-east-1"));
    assertEquals("ecr.api", NetworkLookup.service("cn.com.amazonaws.cn-north-1.ecr.api", "cn-north-1"));
    assertNull(NetworkLookup.service("com.amazonaws.us-east-1.ecr.dkr", "us-east-2"));
    assertNull(NetworkLookup.service(null, "us-east-1"));
  }
}
