/** A uuid, as CareGraph's ids are. */
export const ID_SCHEMA = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;

/** A short text that is not blank. */
export const TEXT_SCHEMA = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;

/** An RFC 3339 date-time with its offset (the `date-time` format added in validateEventData). */
export const DATE_TIME_SCHEMA = { type: 'string', format: 'date-time', maxLength: 40 } as const;
