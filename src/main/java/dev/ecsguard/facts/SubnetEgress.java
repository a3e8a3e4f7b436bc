package dev.ecsguard.facts;

/**
 * How a subnet reaches the internet: the target of its default route (from its explicitly associated route
 * table, else the VPC's main one) and the VPC endpoints that let a task pull from ECR without the internet.
 *
 * @param defaultRoute what {@code 0.0.0.0/0} points at
 * @param ecrApiEndpoint an interface endpoint for {@code com.amazonaws.<region>.ecr.api} in the VPC
 * @param ecrDkrEndpoint an interface endpoint for {@code com.amazonaws.<region>.ecr.dkr} in the VPC
 * @param s3Endpoint a gateway endpoint for S3 on the subnet's route table (ECR layers live in S3), or an S3
 *     interface endpoint in the VPC
 */
public record SubnetEgress(
    String subnetId, String vpcId, String routeTableId, DefaultRoute defaultRoute, boolean ecrApiEndpoint,
    boolean ecrDkrEndpoint, boolean s3Endpoint) {

  /** The target of the default route. */
  public enum DefaultRoute { INTERNET_GATEWAY, NAT_GATEWAY, OTHER, NONE }

  /** ECR can be reached privately: all three endpoints are there. */
  public boolean ecrReachablePrivately() {
    return ecrApiEndpoint && ecrDkrEndpoint && s3Endpoint;
  }
}
