/**
 * The package version, sent in the `user-agent` header. A test keeps it equal to package.json's.
 *
 * @since 0.1.0
 */
export const version = "1.0.0"
