/**
 * AWS credentials as plain strings.
 *
 * @since 0.1.0
 */

/**
 * Resolved AWS credentials. The secret key and session token are plain strings here: keep them out
 * of messages and logs (see `Redact` for text that may quote them).
 *
 * @since 0.1.0
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}
