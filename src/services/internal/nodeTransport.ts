/**
 * The default transport on Node: the core's Node transport (`@effect-codepipeline/core/NodeTransport`:
 * pooled keep-alive agents, proxies, body limits) as a `Transport` whose lifetime is a scope's. A
 * send is one `Effect.callback` over the core's callback API, its canceler the core's cancel.
 */
// Mirror of packages/effect3/src/services/internal/nodeTransport.ts: the same adapter over the core's NodeTransport engine; Effect.async (3) vs
// Effect.callback (4).
import * as NodeTransport from "@effect-codepipeline/core/NodeTransport"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { TransportError } from "../../errors/common.js"
import type { HttpResponse, Transport } from "../Transport.js"

export type NodeTransportOptions = NodeTransport.NodeTransportOptions

/**
 * A pooled `node:http`/`node:https` transport, closed (agents and pooled sockets destroyed) when
 * the scope closes. The caller's agents are used as they are and left open.
 */
export const makeNodeTransport = (options?: NodeTransportOptions): Effect.Effect<Transport, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => NodeTransport.makeNodeTransport(options)),
      (engine) => Effect.sync(engine.close),
    ),
    (engine): Transport => ({
      send: (request) =>
        Effect.callback<HttpResponse, TransportError>((resume) => {
          const cancel = engine.start(request, request.timeoutMillis, (outcome) =>
            resume(
              outcome instanceof NodeTransport.TransportFailure
                ? Effect.fail(new TransportError({ reason: outcome.reason, message: outcome.message }))
                : Effect.succeed(outcome),
            ),
          )
          return Effect.sync(cancel)
        }),
      enforcesTimeout: true,
    }),
  )
