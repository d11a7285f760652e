/**
 * Every error code the emulator answers. They are Tencent Cloud's own codes: the common codes of API
 * 3.0 and the business codes the Organization API documents for the member-email actions and the
 * listing of members, and STS's codes for its credential actions.
 */
export type ApiErrorCode =
  | "AuthFailure.InvalidAuthorization"
  | "AuthFailure.SecretIdNotFound"
  | "AuthFailure.SignatureExpire"
  | "AuthFailure.SignatureFailure"
  | "AuthFailure.TokenFailure"
  | "AuthFailure.UnauthorizedOperation"
  | "FailedOperation.EmailAlreadyUsed"
  | "FailedOperation.EmailBindRecordInvalid"
  | "FailedOperation.MemberEmailExist"
  | "InternalError"
  | "InvalidAction"
  | "InvalidParameter"
  | "InvalidParameter.ParamError"
  | "InvalidParameter.WebIdentityTokenError"
  | "InvalidParameterValue"
  | "LimitExceeded.EmailBindOverLimit"
  | "LimitExceeded.PhoneNumBound"
  | "LimitExceeded.SendEmailLimit"
  | "LimitExceeded.SendEmailWithinOneHourLimit"
  | "LimitExceeded.UpdateEmailBindOverLimit"
  | "MissingParameter"
  | "NoSuchVersion"
  | "RequestLimitExceeded"
  | "RequestSizeLimitExceeded"
  | "ResourceNotFound.EmailBindRecordNotExist"
  | "ResourceNotFound.OrganizationMemberNotExist"
  | "ResourceNotFound.RoleNotFound"
  | "UnauthorizedOperation"
  | "UnknownParameter"
  | "UnsupportedOperation"
  | "UnsupportedProtocol";

/**
 * A refusal the emulator answers in the API envelope (`{"Response":{"Error":{Code,Message}}}`).
 * Messages must never contain the secret key, nor the personal data (email, phone) of a request.
 */
export class ApiError extends Error {
  /** Tencent Cloud error code, such as `AuthFailure.SignatureFailure`. */
  readonly code: ApiErrorCode;

  /**
   * @param code - the Tencent Cloud error code.
   * @param message - what went wrong and what would be accepted.
   */
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

/** A value from the request, cut short so that an answer stays small whatever was sent. */
export function shortened(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}

/**
 * Refuses with UnknownParameter a field `action` does not take: one that is not an own key of `kinds`, its
 * table of parameters (a name an object inherits, such as `toString` or `constructor`, is not one).
 */
export function refuseUnknownParameter(action: string, kinds: object, name: string): void {
  if (!Object.hasOwn(kinds, name)) {
    const taken = Object.keys(kinds);
    throw new ApiError(
      "UnknownParameter",
      `${action} does not take the parameter ${shortened(name)}; ` +
        (taken.length > 0 ? `it takes ${taken.join(", ")}.` : "it takes none."),
    );
  }
}
