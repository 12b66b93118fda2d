import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { IsIsoInstant } from '../validation/decorators';

/**
 * Topic vilkarsflyt.payment-needs-review.v1, key decisionId. A payment was already released when a
 * condition it waited for was reopened. Nothing is clawed back: the decision unit decides.
 */
export class PaymentNeedsReviewV1 {
  @IsUUID()
  paymentId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @Matches(/^\d{4}$/)
  office: string;
  /** The condition concerned, if the review is about one. */
  @IsOptional()
  @IsUUID()
  conditionId: string | null;
  @IsString()
  @IsNotEmpty()
  reason: string;
  @IsIsoInstant()
  releasedAt: string;
  @IsIsoInstant()
  raisedAt: string;
}
