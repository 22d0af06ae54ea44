/** Why a command consumer refused a command: the state it found forbids it, or its target does not exist. */
export type CommandRejectionCode = 'ILLEGAL_STATE' | 'NOT_FOUND';

/**
 * The data of `<owner>.command_rejected`, the reply a command consumer records instead of the
 * events a command would have caused (ADR 0010). It repeats the command's data (e.g.
 * `appointmentId`, `reason`) so the sender can correlate and carry on without a lookup.
 */
export type CommandRejected<T = Record<string, unknown>> = T & {
  /** id of the command message. */
  commandId: string;
  /** e.g. `billing.void_bill`. */
  commandType: string;
  code: CommandRejectionCode;
  /** The domain error's message, e.g. `Bill … is PAID and cannot be voided.` */
  message: string;
};

/** The data of `<owner>.command_skipped`: the command's effect was already there, nothing was recorded. */
export type CommandSkipped<T = Record<string, unknown>> = T & { commandId: string; commandType: string };
