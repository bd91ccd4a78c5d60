// Bundle baseline: effect, effect/Schema and effect/http's HttpClient, used trivially.
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

const Answer = Schema.Struct({ name: Schema.String, created: Schema.Number })
const program = HttpClient.get("http://127.0.0.1:1/").pipe(
  Effect.flatMap((response) => response.json),
  Effect.flatMap(Schema.decodeUnknownEffect(Answer)),
)
const client = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make(() => Effect.die("unused")),
)
// Exported, so that `app-*.ts` can bundle it with another program (the package is `sideEffects: false`).
export const baseline = Effect.runPromise(Effect.provide(program, client)).then(console.log, console.error)
