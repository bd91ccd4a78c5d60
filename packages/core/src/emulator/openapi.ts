/**
 * The control API's OpenAPI 3.1 document, generated from the route definitions the handler serves
 * (`routes.ts`): served at `GET /_emulator/openapi.json` and committed as
 * `docs/emulator-controls.openapi.json` (a test fails when the two differ).
 */
import type { JsonSchema } from "../internal/jsonSchema.js"
import { bodySchema, CONTROL_PREFIX, ERROR_SCHEMA, type Route, routes } from "./routes.js"

const json = (schema: JsonSchema) => ({ "application/json": { schema } })

const errorResponse = (description: string) => ({ description, content: json({ $ref: "#/components/schemas/Error" } as JsonSchema) })

const operation = (route: Route) => ({
  operationId: route.operationId,
  summary: route.summary,
  ...(route.description !== undefined ? { description: route.description } : {}),
  ...(route.signed === false ? { security: [] } : {}),
  ...(route.query !== undefined
    ? {
        parameters: Object.entries(route.query).map(([name, parameter]) => ({
          name,
          in: "query",
          required: false,
          description: parameter.description,
          schema: parameter.schema,
        })),
      }
    : {}),
  ...(route.body !== undefined ? { requestBody: { required: true, content: json(bodySchema(route)) } } : {}),
  responses: {
    "200": { description: "Done.", content: json(route.response) },
    ...(route.signed === false
      ? {}
      : {
          "400": errorResponse("The request breaks the control's schema, or the control cannot do it now."),
          "403": errorResponse("The request is not signed, or its SigV4 signature does not verify."),
        }),
  },
})

/**
 * The control API's OpenAPI 3.1 document, as `GET /_emulator/openapi.json` serves it (a fresh
 * object each call).
 *
 * @since 0.1.0
 */
export const openApiDocument = (): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const item = (paths[`${CONTROL_PREFIX}${route.path}`] ??= {})
    item[route.method.toLowerCase()] = operation(route)
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "effect-codepipeline emulator controls",
      version: "1",
      description:
        "Test controls of the local CodePipeline (`@effect-codepipeline/emulator`), beside the AWS API on the same port: reset, seed and export state, complete actions, inject faults and delays, read recorded calls, push source revisions, fire webhooks, move simulated time, and declare how simulated actions end. Requests are signed with SigV4 like the AWS API (the emulator's credentials, service `codepipeline`, its region), unless the emulator runs with `--no-auth`; `--controls off` removes the API.",
    },
    security: [{ sigv4: [] }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        sigv4: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description:
            'AWS Signature Version 4, service `codepipeline`, the emulator\'s region: `curl --aws-sigv4 "aws:amz:us-east-1:codepipeline" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`.',
        },
      },
    },
  }
}
