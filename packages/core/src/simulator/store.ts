/**
 * A fresh store for one simulator.
 */
import { hex, makeRandom } from "./random.js"
import type { Config, Simulators, Store } from "./state.js"
import { Timers } from "./timers.js"

export const makeStore = (config: Config, simulators: Simulators, seed: number | string, epoch: number): Store => {
  const random = makeRandom(seed)
  return {
    config,
    epoch,
    salt: random.next(),
    actionSerial: 0,
    random,
    timers: new Timers(),
    tokenSecret: hex(random, 16),
    simulators,
    now: 0,
    incarnations: 0,
    pipelines: new Map(),
    sortedPipelineNames: undefined,
    customActionTypes: new Map(),
    registeredActionTypes: new Map(),
    jobs: new Map(),
    queued: new Map(),
    webhooks: new Map(),
    clientTokens: new Map(),
    clientIds: new Map(),
    roles: new Set(),
    caller: config.identity,
    faults: new Map(),
    calls: [],
    revision: 0,
  }
}
