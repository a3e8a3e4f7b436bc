package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The size of one ECR image: {@code ecr:DescribeImages} for exactly that tag or digest, in the registry's own
 * account and region. The answer is {@code imageSizeInBytes} as AWS documents it: the compressed layers as
 * stored, and for a manifest list the largest of its images. ({@code docker images} shows the larger,
 * uncompressed size.)
 *
 * <p>Not an answer, on purpose:
 * <ul>
 *   <li>an image or repository that is not there is unknown NOT_APPLICABLE "not found", not a size: the task
 *       will fail to pull it, which is a problem of its own, and a definition is often registered a moment
 *       before the pipeline pushes the image it names, so ecs-guard says it could not verify instead of
 *       guessing either way;
 *   <li>an image with no {@code imageSizeInBytes} (an image index, as moto and older registries return it) is
 *       unknown NOT_APPLICABLE too;
 *   <li>a reference ECR rejects (not a sha256 digest, a tag over 300 characters) is unknown NOT_APPLICABLE.
 * </ul>
 */
final class ImageLookup {

  static final String PERMISSION = "ecr:DescribeImages";

  private ImageLookup() {}

  static Fact<Long> size(FactCalls calls, AwsClients clients, String region, String account, String repository,
      String reference) {
    String what = "image " + repository + ":" + reference + " in ECR " + account + "/" + region;
    if (region == null || !LogGroupLookup.REGION.matcher(region).matches()) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": not a region", null);
    }
    ImageIdentifier id = reference.startsWith("sha256:")
        ? ImageIdentifier.builder().imageDigest(reference).build()
        : ImageIdentifier.builder().imageTag(reference).build();
    Fact<DescribeImagesResponse> answer = calls.call(what, PERMISSION,
        () -> clients.ecr(region).describeImages(r -> r.registryId(account).repositoryName(repository).imageIds(id)),
        e -> notFound(what, e));
    if (!(answer instanceof Fact.Known<DescribeImagesResponse> known)) {
      return LogGroupLookup.retype((Fact.Unknown<DescribeImagesResponse>) answer);
    }
    if (known.value().imageDetails().isEmpty()) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": not found", null);
    }
    ImageDetail image = known.value().imageDetails().get(0);
    if (image.imageSizeInBytes() == null) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE,
          what + ": ECR reports no size (an image index, " + image.imageManifestMediaType() + ")", null);
    }
    return Fact.known(image.imageSizeInBytes());
  }

  private static Fact<DescribeImagesResponse> notFound(String what, AwsServiceException e) {
    if (e instanceof ImageNotFoundException || e instanceof RepositoryNotFoundException) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": not found", null);
    }
    if (e instanceof InvalidParameterException) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": ECR does not accept this reference", null);
    }
    return null;
  }
}
