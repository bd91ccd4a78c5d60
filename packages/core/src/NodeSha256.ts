/**
 * SHA-256 and HMAC-SHA-256 on `node:crypto`, in the shape `@smithy/signature-v4` takes as its
 * `sha256` option (`new Hash(key?)`, `update`, `digest(): Promise<Uint8Array>`, `reset`): what the
 * client's signer (`Signer`) and the emulator's server hash with. The digests are
 * `@smithy/hash-node`'s. Node only.
 *
 * Why not `@smithy/hash-node`: it hands each HMAC key to `createHmac` as bytes, and Node 24 (24.21)
 * checks whether a key is a `KeyObject` or a `CryptoKey` by reading private slots that throw when
 * it is neither: two `TypeError`s made, with their stack traces, and caught inside every
 * `createHmac` called with bytes (12.1 µs against 2.3 µs with a `KeyObject`, 100,000 calls; Node
 * 22.23 and 20.20 take 2.0 and 2.4 µs either way). A SigV4 signature makes two HMACs, the signing
 * key cache's lookup and the signature itself. Here each HMAC key is a `KeyObject`, made once for
 * the last key of each kind (a string, or bytes compared by content) each constructor has seen.
 *
 * ```ts
 * import { SignatureV4 } from "@smithy/signature-v4"
 * import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
 *
 * const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" }
 * const signer = new SignatureV4({ service: "codepipeline", region: "eu-west-1", credentials, sha256: makeNodeSha256() })
 * ```
 *
 * @since 0.1.0
 */
import { createHash, createHmac, createSecretKey, type Hash, type Hmac, type KeyObject } from "node:crypto"

/**
 * What may be hashed, or be a key: Smithy's `SourceData`. Strings are UTF-8 unless an encoding is given.
 *
 * @since 0.1.0
 */
export type SourceData = string | ArrayBuffer | ArrayBufferView

/**
 * A SHA-256 hash in `@smithy/signature-v4`'s shape: with a key, HMAC-SHA-256.
 *
 * @since 0.1.0
 */
export type NodeSha256 = new (
  key?: SourceData,
) => {
  update(data: SourceData, encoding?: "utf8" | "ascii" | "latin1"): void
  digest(): Promise<Uint8Array>
  reset(): void
}

const viewOf = (data: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)

/**
 * A SHA-256 constructor whose HMAC keys are `KeyObject`s: the last string key and the last byte key
 * it was given are kept as such, so that a signer, which uses the same two keys on every request
 * (its secret, and the day's signing key), makes no key per request. Each call gives a constructor
 * with keys of its own.
 *
 * @since 0.1.0
 */
export const makeNodeSha256 = (): NodeSha256 => {
  let lastText: string | undefined
  let lastTextKey: KeyObject | undefined
  // A copy of the bytes, so that a caller reusing its buffer cannot make the kept key stale.
  let lastBytes: Buffer | undefined
  let lastBytesKey: KeyObject | undefined

  const keyOf = (key: SourceData): KeyObject => {
    if (typeof key === "string") {
      if (key !== lastText || lastTextKey === undefined) {
        lastTextKey = createSecretKey(Buffer.from(key, "utf8"))
        lastText = key
      }
      return lastTextKey
    }
    const bytes = viewOf(key)
    if (lastBytes === undefined || lastBytesKey === undefined || !lastBytes.equals(bytes)) {
      lastBytes = Buffer.from(bytes)
      lastBytesKey = createSecretKey(lastBytes)
    }
    return lastBytesKey
  }

  return class {
    private hash: Hash | Hmac

    constructor(private readonly key?: SourceData) {
      this.hash = this.make()
    }

    // An empty string key means no key, as in `@smithy/hash-node`.
    private make(): Hash | Hmac {
      return this.key === undefined || this.key === "" ? createHash("sha256") : createHmac("sha256", keyOf(this.key))
    }

    update(data: SourceData, encoding?: "utf8" | "ascii" | "latin1"): void {
      if (typeof data === "string") this.hash.update(data, encoding ?? "utf8")
      else this.hash.update(viewOf(data))
    }

    digest(): Promise<Uint8Array> {
      return Promise.resolve(this.hash.digest())
    }

    reset(): void {
      this.hash = this.make()
    }
  }
}
