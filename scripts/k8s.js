#!/usr/bin/env node
// `npm run k8s` writes the Kubernetes manifests under deploy/k8s from the process table below (and
// scripts/subgraphs.js), so fourteen Deployments stay alike; `npm run k8s -- --check` fails when the
// committed files differ. test/contract/k8sManifests.unit.spec.ts validates them against the
// Kubernetes API schemas. What each object is for: docs/deploy.md.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { SUBGRAPHS, root } = require('./subgraphs');

const OUT = path.join(root, 'deploy', 'k8s');
const IMAGE = `caregraph:${require('../package.json').version}`;
const RELAY_PORT = 4010;
const GATEWAY_PORT = 4000;
const GATEWAY_METRICS_PORT = 4090;
// event-relay/src/roles/RoleConfig.ts RELAY_ROLES: `relay` runs as its own Deployment, each consumer role as another.
const CONSUMER_ROLES = ['audit', 'notifications', 'sagas', 'care', 'billing', 'webhooks'];

const subgraphProcess = (subgraph) => ({
  name: subgraph.name,
  tier: 'subgraph',
  command: ['node', `${subgraph.dir}/dist/main.js`],
  port: subgraph.port,
  // Its /metrics listens on 127.0.0.1 only (no host setting yet): reachable with kubectl port-forward, not by a scraper.
  env: { [subgraph.portEnv]: String(subgraph.port), [subgraph.metricsPortEnv]: String(subgraph.metricsPort) },
  service: true,
  // Pending migrations run at start (docs/deploy.md, Migrations).
  startup: { path: '/health', failureThreshold: 30 },
  resources: { cpu: '100m', memory: '192Mi', memoryLimit: '512Mi' },
});

const relayProcess = (name, roles, autoscale) => ({
  name,
  tier: roles === 'relay' ? 'relay' : 'consumer',
  command: ['node', 'event-relay/dist/main.js'],
  port: RELAY_PORT,
  env: { RELAY_PORT: String(RELAY_PORT), RELAY_ROLES: roles },
  autoscale,
  resources: { cpu: '100m', memory: '160Mi', memoryLimit: '384Mi' },
});

/** Every CareGraph process as a Deployment: name, command, port, probes, scaling. */
const PROCESSES = [
  {
    name: 'gateway',
    tier: 'gateway',
    command: ['node', 'gateway/dist/main.js', '--config', '/etc/caregraph/gateway.config.json', '--supergraph', 'supergraph.graphql', '--port', String(GATEWAY_PORT)],
    port: GATEWAY_PORT,
    metricsPort: GATEWAY_METRICS_PORT,
    env: Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_URL_${s.name.toUpperCase()}`, `http://${s.name}:${s.port}/graphql`])),
    readiness: '/ready',
    service: true,
    autoscale: { min: 2, max: 10, cpu: 60 },
    gatewayConfig: true,
    resources: { cpu: '250m', memory: '256Mi', memoryLimit: '768Mi' },
  },
  ...SUBGRAPHS.map(subgraphProcess),
  relayProcess('relay', 'relay'),
  ...CONSUMER_ROLES.map((role) => relayProcess(`consumer-${role}`, role, { min: 2, max: 6, cpu: 70 })),
];

const labelsOf = (unit) => ({ 'app.kubernetes.io/name': unit.name, 'app.kubernetes.io/part-of': 'caregraph', 'app.kubernetes.io/component': unit.tier });
const selectorOf = (unit) => ({ 'app.kubernetes.io/name': unit.name, 'app.kubernetes.io/part-of': 'caregraph' });
const probe = (pathName, extra = {}) => ({ httpGet: { path: pathName, port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, ...extra });

function deployment(unit) {
  const env = { OTEL_SERVICE_NAME: unit.name, ...unit.env };
  const container = {
    name: unit.name,
    image: IMAGE,
    command: unit.command,
    ports: [
      { name: 'http', containerPort: unit.port },
      ...(unit.metricsPort ? [{ name: 'metrics', containerPort: unit.metricsPort }] : []),
    ],
    envFrom: [{ configMapRef: { name: 'caregraph-env' } }, { secretRef: { name: 'caregraph-secrets' } }],
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    ...(unit.startup ? { startupProbe: probe(unit.startup.path, { failureThreshold: unit.startup.failureThreshold, periodSeconds: 5 }) } : {}),
    readinessProbe: probe(unit.readiness ?? '/health', { failureThreshold: 3 }),
    // Liveness restarts a process that stopped answering, not one whose database is briefly away:
    // /health is 503 while Postgres is unreachable, so it takes a minute of failures.
    livenessProbe: probe('/health', { failureThreshold: 6 }),
    resources: {
      requests: { cpu: unit.resources.cpu, memory: unit.resources.memory },
      limits: { memory: unit.resources.memoryLimit },
    },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(unit.gatewayConfig ? [{ name: 'gateway-config', mountPath: '/etc/caregraph', readOnly: true }] : [])],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: unit.name, labels: labelsOf(unit) },
    spec: {
      replicas: 2,
      selector: { matchLabels: selectorOf(unit) },
      // One new pod at a time, none taken away first: a subgraph's migrations run in one pod at a time.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(unit) },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          // Long enough for the gateway to close its sockets and a consumer to finish its message.
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorOf(unit) } },
          ],
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: {} }, ...(unit.gatewayConfig ? [{ name: 'gateway-config', configMap: { name: 'caregraph-gateway-config' } }] : [])],
        },
      },
    },
  };
}

function service(unit) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: unit.name, labels: labelsOf(unit) },
    spec: { selector: selectorOf(unit), ports: [{ name: 'http', port: unit.port, targetPort: 'http' }] },
  };
}

function disruptionBudget(unit) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: unit.name, labels: labelsOf(unit) },
    spec: { minAvailable: 1, selector: { matchLabels: selectorOf(unit) } },
  };
}

function autoscaler(unit) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: unit.name, labels: labelsOf(unit) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: unit.name },
      minReplicas: unit.autoscale.min,
      maxReplicas: unit.autoscale.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: unit.autoscale.cpu } } }],
      // Scale down slowly: a gateway pod taken away drops its sockets (clients resume with `after`).
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] } },
    },
  };
}

/** Settings every process reads; secrets come from the Secret `caregraph-secrets` (docs/deploy.md). */
function envConfigMap() {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'caregraph-env', labels: { 'app.kubernetes.io/part-of': 'caregraph' } },
    data: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      // Pods are reached on their pod IP: the internal listeners leave loopback.
      SUBGRAPH_HOST: '0.0.0.0',
      RELAY_HOST: '0.0.0.0',
      GATEWAY_SUPERGRAPH_WATCH: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      MAIL_FROM: 'caregraph@example.org',
    },
  };
}

/** gateway.config.json as it is in the repository, with /metrics reachable on the pod IP for scraping. */
function gatewayConfigMap() {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'gateway.config.json'), 'utf8'));
  const deployed = { ...config, metricsPort: GATEWAY_METRICS_PORT, metricsHost: '0.0.0.0' };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'caregraph-gateway-config', labels: { 'app.kubernetes.io/part-of': 'caregraph' } },
    data: { 'gateway.config.json': `${JSON.stringify(deployed, null, 2)}\n` },
  };
}

/** The files under deploy/k8s and their YAML. */
function render() {
  const header = '# Generated by `npm run k8s` (scripts/k8s.js); edit that, not this file.\n';
  const documents = (objects) => header + objects.map((object) => YAML.stringify(object, { lineWidth: 0 })).join('---\n');
  const files = {
    'namespace.yaml': documents([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'caregraph' } }]),
    'config.yaml': documents([envConfigMap(), gatewayConfigMap()]),
  };
  for (const unit of PROCESSES) {
    const objects = [deployment(unit)];
    if (unit.service) objects.push(service(unit));
    objects.push(disruptionBudget(unit));
    if (unit.autoscale) objects.push(autoscaler(unit));
    files[`${unit.name}.yaml`] = documents(objects);
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: 'caregraph',
    resources: Object.keys(files),
    images: [{ name: 'caregraph', newName: 'caregraph', newTag: require('../package.json').version }],
  };
  files['kustomization.yaml'] = header + YAML.stringify(kustomization);
  return files;
}

function main() {
  const files = render();
  if (process.argv.includes('--check')) {
    const stale = Object.entries(files).filter(([name, text]) => !fs.existsSync(path.join(OUT, name)) || fs.readFileSync(path.join(OUT, name), 'utf8') !== text);
    const extra = fs.existsSync(OUT) ? fs.readdirSync(OUT).filter((name) => name.endsWith('.yaml') && !(name in files)) : [];
    if (stale.length || extra.length) {
      console.error(`deploy/k8s is out of date (${[...stale.map(([name]) => name), ...extra].join(', ')}): run npm run k8s`);
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(OUT, name), text);
  console.log(`wrote ${Object.keys(files).length} files to ${path.relative(root, OUT)}`);
}

if (require.main === module) main();

module.exports = { render, PROCESSES, CONSUMER_ROLES };
