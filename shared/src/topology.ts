/**
 * RabbitMQ names (docs/architecture.md, RabbitMQ topology). Every name is prefixed with the
 * configured namespace ('' by default), so isolated installations can share one broker.
 */
export function topologyNames(namespace = '') {
  const n = (name: string) => `${namespace}${name}`;
  return {
    domainEvents: n('domain.events'),
    /** Topic exchange of commands (routing key `<owner>.<Command>`), one queue per owning domain (ADR 0010). */
    commands: n('commands'),
    audit: n('audit'),
    notifications: n('notifications'),
    dlx: n('dlx'),
    queues: {
      auditLog: n('audit.log'),
      notificationsDomain: n('notifications.domain'),
      sagasBooking: n('sagas.booking'),
      careCommands: n('care.commands'),
      billingCommands: n('billing.commands'),
      /** Circle events the webhook fan-out turns into deliveries (ADR 0014). */
      webhookFanout: n('notifications.webhook_fanout'),
      /** `notifications.deliver_webhook` commands: one POST per message (ADR 0014). */
      webhookDeliveries: n('notifications.webhooks'),
    },
    deadLetterQueue: (queue: string) => `${n('dlq.')}${queue.slice(namespace.length)}`,
  };
}

export type TopologyNames = ReturnType<typeof topologyNames>;
