/**
 * SHA-256 and HMAC-SHA-256 on `node:crypto`, in the shape the core's handler takes
 * (`HandlerOptions.sha256`): synchronous native hashing, about 8 times faster per SigV4 check than
 * the Web Crypto default (31 µs against 245 µs, in process).
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto"
import type { Sha256 } from "@effect-codepipeline/core/Emulator"

type Data = string | ArrayBuffer | ArrayBufferView

const bytes = (data: Data): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data)

class NodeSha256 {
  private hash: Hash | Hmac

  constructor(private readonly key?: Data) {
    this.hash = this.make()
  }

  private make(): Hash | Hmac {
    return this.key === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.key))
  }

  update(data: Data): void {
    this.hash.update(bytes(data))
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()))
  }

  reset(): void {
    this.hash = this.make()
  }
}

export const nodeSha256: Sha256 = NodeSha256
