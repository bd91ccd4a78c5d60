/**
 * Secret hygiene: scenarios of every kind (success, modeled and common service errors, retries,
 * transport failures, timeouts, undecodable responses, invalid input, credential failures) run
 * with a recognisable secret access key and session token, plus artifact credentials in a
 * response. Everything observable is captured and searched:
 * - every log line at every level (a replaced `Logger`, `LogLevel.All`): message, cause, annotations;
 * - every error: `message`, `String`, `JSON.stringify`/`toJSON`, `util.inspect` with hidden
 *   properties, `stack`, and `Cause.pretty`;
 * - every span (a recording tracer): name, attributes, status and exit;
 * - every decoded output in the same forms;
 * - the requests on the wire (the secret key must never travel; the token only in its header).
 * Zero occurrences of any secret are allowed.
 */
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Exit, Layer, Logger, LogLevel, Redacted } from "effect"
import { CodePipeline, Credentials } from "../src/index.js"
import type { Options } from "../src/services/CodePipeline.js"
import { drive } from "./support/drive.js"
import { recordingTracer } from "./support/tracer.js"
import * as V from "./support/verify.js"

const SECRET_KEY = "VERIFYsecretKEY/0123456789+abcdefghijklmnopqrst"
const SESSION_TOKEN = "VERIFYsessionTOKEN//ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef=="
const ARTIFACT_SECRET = "VERIFYartifactSECRET+9876543210zyxwvu"
const ARTIFACT_TOKEN = "VERIFYartifactTOKEN=FEDCBA987654321"
const SECRETS = [SECRET_KEY, SESSION_TOKEN, ARTIFACT_SECRET, ARTIFACT_TOKEN]
// The base64 and URL-encoded forms too, in case something encodes before it prints.
const NEEDLES = SECRETS.flatMap((s) => [s, Buffer.from(s).toString("base64"), encodeURIComponent(s)])

const credentials = { accessKeyId: "AKIDVERIFYSECRETS", secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN }

const formsOf = (value: unknown): ReadonlyArray<string> => {
  const forms: Array<string> = []
  const safely = (f: () => unknown) => {
    try {
      forms.push(String(f()))
    } catch (e) {
      forms.push(`<threw ${String(e)}>`)
    }
  }
  safely(() => String(value))
  safely(() => JSON.stringify(value))
  safely(() => Util.inspect(value, { depth: 30, showHidden: true, getters: true }))
  if (typeof value === "object" && value !== null) {
    const v = value as { message?: unknown; stack?: unknown; toJSON?: () => unknown }
    safely(() => v.message)
    safely(() => v.stack)
    if (typeof v.toJSON === "function") safely(() => JSON.stringify(v.toJSON!()))
    safely(() => Cause.pretty(Cause.fail(value)))
  }
  return forms
}

const leaks = (texts: ReadonlyArray<string>): ReadonlyArray<string> =>
  texts.flatMap((text) =>
    NEEDLES.filter((needle) => text.includes(needle)).map((needle) => `${needle.slice(0, 12)}… in ${text.slice(0, 200)}`),
  )

const artifactJob = {
  jobDetails: {
    id: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
    accountId: "123456789012",
    data: {
      artifactCredentials: { accessKeyId: "AKIAARTIFACT", secretAccessKey: ARTIFACT_SECRET, sessionToken: ARTIFACT_TOKEN },
      actionConfiguration: { configuration: { Bucket: "b" } },
    },
  },
}

/** The scripted service: each operation misbehaves in its own way. */
const handler: V.RawHandler = (r, res, i) => {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    V.reply(res, status, body as object, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `rid-${i}`, ...headers })
  switch (r.target?.slice("CodePipeline_20150709.".length)) {
    case "GetJobDetails":
      return json(200, artifactJob)
    case "GetThirdPartyJobDetails":
      return json(200, {
        jobDetails: {
          id: "t",
          nonce: "n",
          data: { artifactCredentials: { accessKeyId: "AKIAARTIFACT", secretAccessKey: ARTIFACT_SECRET, sessionToken: ARTIFACT_TOKEN } },
        },
      })
    case "PollForJobs":
      return json(200, {
        jobs: [
          {
            id: "j",
            nonce: "n",
            accountId: "123456789012",
            data: { artifactCredentials: { accessKeyId: "AKIAARTIFACT", secretAccessKey: ARTIFACT_SECRET, sessionToken: ARTIFACT_TOKEN } },
          },
        ],
      })
    case "GetPipeline":
      return json(400, { __type: "PipelineNotFoundException", message: "The pipeline was not found" })
    case "GetPipelineState":
      return json(400, { __type: "ExpiredTokenException", message: "The security token included in the request is expired" })
    case "ListPipelines":
      return i % 2 === 0 ? json(400, { __type: "ThrottlingException", message: "Rate exceeded" }) : json(200, { pipelines: [] })
    case "ListWebhooks":
      return json(500, "")
    case "ListActionTypes":
      // A member of the wrong type whose value is a secret: the decode error must not quote it.
      return json(200, { actionTypes: [{ id: SECRET_KEY }] })
    case "ListPipelineExecutions":
      return json(200, '{"pipelineExecutionSummaries": [{"pipelineExecutionId": "' + ARTIFACT_SECRET)
    case "ListTagsForResource":
      // A service (or proxy) that echoes the request's headers back in its error message.
      return json(403, {
        __type: "InvalidSignatureException",
        message: `Signature mismatch for ${String(r.headers["authorization"])} token ${String(r.headers["x-amz-security-token"]).slice(0, 6)}...`,
      })
    case "GetPipelineExecution":
      return undefined // never answers: an attempt timeout
    default:
      return json(200, {})
  }
}

interface Captured {
  readonly logs: Array<string>
  readonly spans: ReturnType<typeof recordingTracer>["spans"]
}

const capture = (): { captured: Captured; layer: Layer.Layer<never> } => {
  const logs: Array<string> = []
  const { spans, tracer } = recordingTracer()
  const logger = Logger.make(({ logLevel, message, cause, annotations, spans: logSpans }) => {
    logs.push(
      Util.inspect({ level: logLevel.label, message, annotations, spans: logSpans }, { depth: 30, showHidden: true }),
      Cause.pretty(cause),
    )
  })
  const layer = Layer.mergeAll(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All), Layer.setTracer(tracer))
  return { captured: { logs, spans }, layer }
}

const liveLayer = (url: string, options: Partial<Options> = {}) =>
  CodePipeline.layer({ region: "us-east-1", endpoint: url, credentials, attemptTimeout: "2 seconds", ...options })

/** Runs a call, logs its outcome at every level, and returns the exit. */
const observe = <A, E, R>(label: string, call: Effect.Effect<A, E, R>) =>
  call.pipe(
    Effect.tap((value) => Effect.logDebug(label, value)),
    Effect.tapErrorCause((cause) => Effect.logError(label, cause)),
    Effect.tapError((error) => Effect.logWarning(label, error)),
    Effect.exit,
    Effect.tap((exit) => Effect.logTrace(label, exit)),
    Effect.withSpan(`verify.${label}`),
  )

describe("secrets never appear in logs, errors, spans or outputs", () => {
  it("the search finds a secret wherever it is, encoded or not", () => {
    expect(
      leaks([`x${SECRET_KEY}y`, Buffer.from(SESSION_TOKEN).toString("base64"), encodeURIComponent(ARTIFACT_SECRET), "clean"]),
    ).toHaveLength(3)
  })

  it.scoped("a full scenario set with a recognisable secret key and session token", () =>
    Effect.gen(function* () {
      const server = yield* V.rawServer(handler)
      const { captured, layer } = capture()
      const jobId = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"
      const exits = yield* drive(
        Effect.all(
          [
            observe("success with artifact credentials", CodePipeline.getJobDetails({ jobId })),
            observe("third-party job with artifact credentials", CodePipeline.getThirdPartyJobDetails({ jobId: "t", clientToken: "c" })),
            observe(
              "poll for jobs with artifact credentials",
              CodePipeline.pollForJobs({ actionTypeId: { category: "Deploy", owner: "Custom", provider: "Acme", version: "1" } }),
            ),
            observe("modeled error", CodePipeline.getPipeline({ name: "release" })),
            observe("expired token", CodePipeline.getPipelineState({ name: "release" })),
            observe("throttled then retried", CodePipeline.listPipelines()),
            observe("internal failure after retries", CodePipeline.listWebhooks()),
            observe("undecodable member holding a secret", CodePipeline.listActionTypes()),
            observe("truncated body holding a secret", CodePipeline.listPipelineExecutions({ pipelineName: "release" })),
            observe(
              "error echoing the signature",
              CodePipeline.listTagsForResource({ resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:release" }),
            ),
            observe(
              "attempt timeout",
              CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: "3f8c7a52-1b2d-4c3e-9f4a-5b6c7d8e9f01" }),
            ),
            observe("invalid input", CodePipeline.getPipeline({ name: "not a valid name!" })),
          ],
          { concurrency: 1 },
        ).pipe(Effect.provide(liveLayer(server.url)), Effect.provide(layer)),
      )
      expect(exits._tag).toBe("Success")
      const results = (exits as unknown as Exit.Success<ReadonlyArray<Exit.Exit<unknown, unknown>>, never>).value
      // Every scenario did what it is there for.
      expect(results.map((e) => (Exit.isSuccess(e) ? "Success" : (Cause.failureOption(e.cause) as any).value?._tag))).toEqual([
        "Success",
        "Success",
        "Success",
        "PipelineNotFoundException",
        "ExpiredTokenException",
        "Success",
        "InternalFailure",
        "ResponseDecodeError",
        "ResponseDecodeError",
        "InvalidSignatureException",
        "TransportError",
        "InputValidationError",
      ])
      // The artifact secrets are in the outputs, Redacted.
      const job = (results[0] as Exit.Success<any, unknown>).value
      expect(Redacted.value(job.jobDetails.data.artifactCredentials.secretAccessKey)).toBe(ARTIFACT_SECRET)

      const texts: Array<string> = []
      for (const exit of results) {
        texts.push(...formsOf(exit))
        if (Exit.isFailure(exit)) {
          texts.push(Cause.pretty(exit.cause))
          for (const e of Cause.failures(exit.cause)) texts.push(...formsOf(e))
        } else texts.push(...formsOf(exit.value))
      }
      expect(captured.logs.length).toBeGreaterThan(20)
      texts.push(...captured.logs)
      expect(captured.spans.filter((s) => s.name.startsWith("CodePipeline.")).length).toBeGreaterThanOrEqual(12 - 1)
      for (const span of captured.spans) {
        texts.push(span.name, Util.inspect([...span.attributes], { depth: 10 }), Util.inspect(span.status, { depth: 30, showHidden: true }))
      }
      expect(leaks(texts)).toEqual([])

      // On the wire: the secret key never travels; the session token only in its header.
      expect(server.requests.length).toBeGreaterThan(12)
      for (const r of server.requests) {
        const { "x-amz-security-token": token, ...rest } = r.headers
        expect(token).toBe(SESSION_TOKEN)
        expect(leaks([JSON.stringify(rest), r.body])).toEqual([])
      }
    }),
  )

  it.scoped("a transport failure and an invalid session token: the error does not quote the headers", () =>
    Effect.gen(function* () {
      const { captured, layer } = capture()
      const badToken = `${SESSION_TOKEN}\nX-Injected: 1`
      const exits = yield* drive(
        Effect.all([
          observe(
            "connection refused",
            CodePipeline.listPipelines().pipe(Effect.provide(liveLayer("http://127.0.0.1:1", { retry: false }))),
          ),
          observe(
            "a session token node refuses as a header value",
            CodePipeline.listPipelines().pipe(
              Effect.provide(
                CodePipeline.layer({
                  region: "us-east-1",
                  endpoint: "http://127.0.0.1:1",
                  credentials: { ...credentials, sessionToken: badToken },
                  retry: false,
                }),
              ),
            ),
          ),
        ]).pipe(Effect.provide(layer)),
      )
      const results = (exits as unknown as Exit.Success<ReadonlyArray<Exit.Exit<unknown, unknown>>, never>).value
      for (const exit of results) expect(Exit.isFailure(exit)).toBe(true)
      const texts = results.flatMap((exit) => [...formsOf(exit), ...(Exit.isFailure(exit) ? [Cause.pretty(exit.cause)] : [])])
      expect(leaks([...texts, ...captured.logs, ...captured.spans.map((s) => Util.inspect(s.status, { depth: 30 }))])).toEqual([])
    }),
  )

  it.effect("credential failures name what is missing, never the secret", () =>
    Effect.gen(function* () {
      const env = ConfigProvider.fromMap(
        new Map([
          ["AWS_SECRET_ACCESS_KEY", SECRET_KEY],
          ["AWS_SESSION_TOKEN", SESSION_TOKEN],
        ]),
      )
      const fromEnv = yield* Credentials.fromEnv.get.pipe(Effect.withConfigProvider(env), Effect.flip)
      expect(fromEnv._tag).toBe("CredentialsError")
      expect(fromEnv.message).toContain("AWS_ACCESS_KEY_ID")
      const provider = () => Promise.resolve({ accessKeyId: "", secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN })
      const fromProvider = yield* Credentials.fromProvider(provider).get.pipe(Effect.flip)
      expect(fromProvider._tag).toBe("CredentialsError")
      const rejecting = () => Promise.reject(new Error("no credentials in this environment"))
      const rejected = yield* Credentials.fromProvider(rejecting).get.pipe(Effect.flip)
      expect(rejected.message).toContain("no credentials in this environment")
      const resolved = yield* Credentials.fromStatic(credentials).get
      expect(leaks([...formsOf(fromEnv), ...formsOf(fromProvider), ...formsOf(rejected), ...formsOf(resolved)])).toEqual([])
    }),
  )
})
