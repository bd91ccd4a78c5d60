import type { ErrorFacts } from "@effect-codepipeline/core/Retry"

const none: ErrorFacts = {}

/** What the core's retry decisions read of an error: its own fields, or none for a value that is not an object. */
export const facts = (error: unknown): ErrorFacts => (typeof error === "object" && error !== null ? error : none)
