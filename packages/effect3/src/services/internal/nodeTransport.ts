/**
 * The default transport on Node: the core's Node transport (`@effect-codepipeline/core/NodeTransport`:
 * pooled keep-alive agents, the caller's agents, proxies, body limits, a timer per exchange) as a
 * `Transport` whose lifetime is a scope's.
 *
 * This is the per-call hot path, so a send is one `Effect.async` over the core's callback API: the
 * effect's canceler is the core's cancel function, with no `AbortController` in between.
 *
 * @internal
 */
// Mirror of src/services/internal/nodeTransport.ts: the same adapter over the core's NodeTransport engine;
// Effect.async (3) vs Effect.callback (4).
import * as NodeTransport from "@effect-codepipeline/core/NodeTransport"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { TransportError } from "../../errors/common.js"
import type { HttpResponse, Transport } from "../Transport.js"

/** @internal */
export type NodeTransportOptions = NodeTransport.NodeTransportOptions

/**
 * A pooled `node:http`/`node:https` transport, closed (agents and pooled sockets destroyed) when
 * the scope closes; a send after that fails. The caller's agents are used as they are and left open.
 * The same send effect sends anew each time it runs.
 *
 * @internal
 */
export const makeNodeTransport = (options?: NodeTransportOptions): Effect.Effect<Transport, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => NodeTransport.makeNodeTransport(options)),
      (engine) => Effect.sync(engine.close),
    ),
    (engine): Transport => ({
      send: (request) =>
        Effect.async<HttpResponse, TransportError>((resume) =>
          Effect.sync(
            engine.start(request, request.timeoutMillis, (outcome) =>
              resume(
                outcome instanceof NodeTransport.TransportFailure
                  ? Effect.fail(new TransportError({ reason: outcome.reason, message: outcome.message }))
                  : Effect.succeed(outcome),
              ),
            ),
          ),
        ),
      enforcesTimeout: true,
    }),
  )
