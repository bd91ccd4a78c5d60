/** `src/services/internal/endpointRuleSet.ts`: the model's endpoint rule set, as data. */
import { type Model, serviceOf } from "./model.js"
import { header } from "./naming.js"

export const emitEndpointRuleSet = (model: Model): string => {
  const [, service] = serviceOf(model)
  const ruleSet = service.traits?.["smithy.rules#endpointRuleSet"]
  if (!ruleSet) throw new Error("the service has no smithy.rules#endpointRuleSet")
  return [
    header("the endpoint rule set (smithy.rules#endpointRuleSet)"),
    'import type { RuleSetObject } from "@smithy/types"',
    "",
    `export const ruleSet: RuleSetObject = ${JSON.stringify(ruleSet, null, 2)}`,
    "",
  ].join("\n")
}
