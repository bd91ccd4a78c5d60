// A stand-in for `@effect-codepipeline/core`'s composed signer, for a size measurement only
// (`./measure.mjs`): SigV4 written by hand over `node:crypto`, without `@smithy/signature-v4`, which
// the fixed decisions prescribe. It gives the core's known answer (`measure.mjs` checks that before
// it reports), so the figure is that of a working signer, not of a missing one.
import { createHash, createHmac } from "node:crypto"
import type { Credentials } from "../../../../packages/core/src/Credentials.js"
import type { NodeSha256 } from "../../../../packages/core/src/NodeSha256.js"
import type { Request, Sign, Unsignable } from "../../../../packages/core/src/internal/sigv4.js"

const uriEscape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const hex = (data: string) => createHash("sha256").update(data).digest("hex")
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest()

const canonicalPath = (path: string): string => {
  const segments: Array<string> = []
  for (const segment of path.split("/")) {
    if (segment === "..") segments.pop()
    else if (segment !== "" && segment !== ".") segments.push(segment)
  }
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`
  return uriEscape(normalized).replace(/%2F/g, "/")
}

export const composedSigner =
  (region: string, service: string, _sha256: NodeSha256, unsignable: Unsignable): Sign =>
  async (credentials: Credentials, request: Request, date: Date) => {
    const longDate = date.toISOString().replace(/[:-]|\.\d{3}/g, "")
    const shortDate = longDate.slice(0, 8)
    const headers: Record<string, string> = { ...request.headers, "x-amz-date": longDate }
    if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken
    const payloadHash = hex(request.body)
    headers["x-amz-content-sha256"] = payloadHash
    const names = Object.keys(headers)
      .filter((name) => !unsignable.has(name))
      .sort()
    const query = Object.keys(request.query)
      .sort()
      .map((key) => `${uriEscape(key)}=${uriEscape(request.query[key]!)}`)
      .join("&")
    const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, " ")}\n`).join("")
    const canonical = [request.method, canonicalPath(request.path), query, canonicalHeaders, names.join(";"), payloadHash].join("\n")
    const scope = `${shortDate}/${region}/${service}/aws4_request`
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), region), service), "aws4_request")
    const signature = createHmac("sha256", key)
      .update(`AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${hex(canonical)}`)
      .digest("hex")
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`
    return headers
  }
