/**
 * The common errors of AWS JSON services, apart from the rest of the protocol (`../Protocol.ts`
 * re-exports them) so that the retry rules (`../Retry.ts`), which the Effect packages load with
 * themselves, do not bring the protocol, which only their live client needs when it first runs.
 *
 * @internal
 */

/**
 * The errors any AWS JSON service may answer with, by the error code: each surfaces as an error of
 * this kind (its `_tag`), with the code the service sent kept in `code`.
 *
 * @since 0.1.0
 */
export type CommonErrorKind =
  | "ThrottlingException"
  | "AccessDeniedException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException"
  | "ExpiredTokenException"
  | "MissingAuthenticationTokenException"
  | "InternalFailure"
  | "ServiceUnavailable"

/**
 * The codes of each {@link CommonErrorKind}. A code the operation models wins over this table.
 *
 * @since 0.1.0
 */
export const commonErrorCodes: ReadonlyArray<readonly [CommonErrorKind, ReadonlyArray<string>]> = [
  [
    "ThrottlingException",
    [
      "ThrottlingException",
      "Throttling",
      "ThrottledException",
      "TooManyRequestsException",
      "RequestThrottled",
      "RequestThrottledException",
      "RequestLimitExceeded",
      "SlowDown",
      "BandwidthLimitExceeded",
      "ProvisionedThroughputExceededException",
      "PriorRequestNotComplete",
      "EC2ThrottledException",
      "TransactionInProgressException",
    ],
  ],
  ["AccessDeniedException", ["AccessDeniedException", "AccessDenied", "NotAuthorized"]],
  ["UnrecognizedClientException", ["UnrecognizedClientException", "InvalidClientTokenId"]],
  [
    "InvalidSignatureException",
    [
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "IncompleteSignature",
      "IncompleteSignatureException",
      "RequestExpired",
      "RequestTimeTooSkewed",
      "RequestInTheFuture",
      "AuthFailure",
    ],
  ],
  ["ExpiredTokenException", ["ExpiredTokenException", "ExpiredToken", "TokenRefreshRequired"]],
  ["MissingAuthenticationTokenException", ["MissingAuthenticationTokenException", "MissingAuthenticationToken"]],
  [
    "InternalFailure",
    [
      "InternalFailure",
      "InternalServerError",
      "InternalError",
      "InternalServiceError",
      "InternalServiceException",
      "InternalServerException",
    ],
  ],
  ["ServiceUnavailable", ["ServiceUnavailable", "ServiceUnavailableException"]],
]

const commonByCode = /* @__PURE__ */ new Map<string, CommonErrorKind>(
  commonErrorCodes.flatMap(([kind, codes]) => codes.map((code) => [code, kind] as const)),
)

/**
 * The common error a code surfaces as, or `undefined` for a code that is not common.
 *
 * @since 0.1.0
 */
export const commonErrorKind = (code: string): CommonErrorKind | undefined => commonByCode.get(code)
