import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { RELAY_ROLES } from '../../event-relay/src/roles/RoleConfig';

// deploy/k8s, checked without a cluster: each object against the Kubernetes v1.33.0 OpenAPI schema of
// its kind (kubernetes-models 4.5.x, whose validators Ajv compiled from that schema), and against
// issue 12 item 5: every process a Deployment with probes, Services, autoscalers, disruption
// budgets, secrets only by reference. What the schema does not catch: unknown fields (the
// OpenAPI schema allows them), hence the generator (scripts/k8s.js) and the checks below.
const root = join(__dirname, '..', '..');
const dir = join(root, 'deploy', 'k8s');
const { render } = require(join(root, 'scripts', 'k8s.js')) as { render: () => Record<string, string> };
const { SUBGRAPHS } = require(join(root, 'scripts', 'subgraphs.js')) as { SUBGRAPHS: { name: string; port: number }[] };

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const models = dirname(require.resolve('kubernetes-models/package.json'));
const SCHEMAS: Record<string, string> = {
  'v1/Namespace': 'IoK8sApiCoreV1Namespace',
  'v1/ConfigMap': 'IoK8sApiCoreV1ConfigMap',
  'v1/Service': 'IoK8sApiCoreV1Service',
  'apps/v1/Deployment': 'IoK8sApiAppsV1Deployment',
  'policy/v1/PodDisruptionBudget': 'IoK8sApiPolicyV1PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'IoK8sApiAutoscalingV2HorizontalPodAutoscaler',
};
const validatorOf = (apiVersion: string, kind: string): Validate | undefined => {
  const schema = SCHEMAS[`${apiVersion}/${kind}`];
  return schema ? (require(join(models, '_schemas', `${schema}.js`)) as { validate: Validate }).validate : undefined;
};

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked field by field below */
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };
const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
const objects: (K8sObject & { file: string })[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => ({ ...(doc.toJS() as K8sObject), file })),
);
const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
const named = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);
const deployments = ofKind('Deployment');
const containerOf = (deployment: K8sObject) => deployment.spec.template.spec.containers[0];

describe('deploy/k8s', () => {
  it('is what scripts/k8s.js renders (run npm run k8s after changing it)', () => {
    const files = render();
    const onDisk = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    expect(onDisk.sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect({ name, text: readFileSync(join(dir, name), 'utf8') }).toEqual({ name, text });
    expect(kustomization.resources.sort()).toEqual(onDisk.filter((name) => name !== 'kustomization.yaml').sort());
  });

  it('validates every object against the Kubernetes v1.33.0 schema of its kind', () => {
    expect(objects.length).toBeGreaterThan(40);
    for (const object of objects) {
      const validate = validatorOf(object.apiVersion, object.kind);
      const where = `${object.file}: ${object.kind} ${object.metadata.name}`;
      expect({ where, known: !!validate }).toEqual({ where, known: true });
      expect({ where, errors: validate!(object) ? [] : validate!.errors }).toEqual({ where, errors: [] });
    }
  });

  it('rejects an object of the wrong shape, so the check can fail', () => {
    const broken = structuredClone(named('Deployment', 'gateway')!);
    broken.spec.replicas = 'two';
    delete broken.spec.selector;
    const validate = validatorOf('apps/v1', 'Deployment')!;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.length).toBeGreaterThanOrEqual(2);
  });

  it('runs every process: the gateway, each subgraph, the relay and each consumer role on its own', () => {
    const expected = ['gateway', ...SUBGRAPHS.map((s) => s.name), 'relay', ...RELAY_ROLES.filter((role) => role !== 'relay').map((role) => `consumer-${role}`)];
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(expected.sort());
    for (const role of RELAY_ROLES) {
      const deployment = named('Deployment', role === 'relay' ? 'relay' : `consumer-${role}`)!;
      expect(containerOf(deployment).env).toContainEqual({ name: 'RELAY_ROLES', value: role });
    }
  });

  it('probes each process on its existing endpoints, on the port it listens on', () => {
    for (const deployment of deployments) {
      const container = containerOf(deployment);
      const http = container.ports.find((port: { name: string }) => port.name === 'http');
      const ready = deployment.metadata.name === 'gateway' ? '/ready' : '/health';
      expect({ name: deployment.metadata.name, readiness: container.readinessProbe.httpGet, liveness: container.livenessProbe.httpGet }).toEqual({
        name: deployment.metadata.name,
        readiness: { path: ready, port: 'http' },
        liveness: { path: '/health', port: 'http' },
      });
      expect(http.containerPort).toBe(deployment.metadata.name === 'gateway' ? 4000 : (SUBGRAPHS.find((s) => s.name === deployment.metadata.name)?.port ?? 4010));
    }
  });

  it('has Services for the gateway and the subgraphs, matching the gateway\'s subgraph URLs', () => {
    const gatewayEnv = containerOf(named('Deployment', 'gateway')!).env as { name: string; value: string }[];
    for (const subgraph of SUBGRAPHS) {
      expect(named('Service', subgraph.name)?.spec.ports).toEqual([{ name: 'http', port: subgraph.port, targetPort: 'http' }]);
      expect(gatewayEnv).toContainEqual({ name: `SUBGRAPH_URL_${subgraph.name.toUpperCase()}`, value: `http://${subgraph.name}:${subgraph.port}/graphql` });
    }
    expect(named('Service', 'gateway')?.spec.ports[0].port).toBe(4000);
  });

  it('autoscales the gateway and every consumer, and budgets disruptions for every Deployment', () => {
    const scaled = ofKind('HorizontalPodAutoscaler').map((hpa) => hpa.spec.scaleTargetRef.name);
    expect(scaled.sort()).toEqual(['gateway', ...RELAY_ROLES.filter((r) => r !== 'relay').map((r) => `consumer-${r}`)].sort());
    for (const deployment of deployments) {
      const budget = named('PodDisruptionBudget', deployment.metadata.name);
      expect(budget?.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
      expect(containerOf(deployment).resources.requests.cpu).toBeDefined();
    }
  });

  it('takes secrets only from the Secret caregraph-secrets, never as literals', () => {
    expect(ofKind('Secret')).toEqual([]);
    const secretish = /SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|RABBITMQ_URL|REDIS_URL/;
    for (const config of ofKind('ConfigMap')) expect(Object.keys(config.data ?? {}).filter((key) => secretish.test(key))).toEqual([]);
    for (const deployment of deployments) {
      const container = containerOf(deployment);
      expect(container.envFrom).toContainEqual({ secretRef: { name: 'caregraph-secrets' } });
      expect((container.env as { name: string }[]).filter(({ name }) => secretish.test(name))).toEqual([]);
      expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    }
  });

  it('mounts gateway.config.json from a ConfigMap that matches the repository\'s, metrics opened to the pod network', () => {
    const config = JSON.parse(named('ConfigMap', 'caregraph-gateway-config')!.data!['gateway.config.json']);
    const repository = JSON.parse(readFileSync(join(root, 'gateway.config.json'), 'utf8'));
    expect(config).toEqual({ ...repository, metricsPort: 4090, metricsHost: '0.0.0.0' });
    const gateway = named('Deployment', 'gateway')!;
    expect(containerOf(gateway).command).toEqual(expect.arrayContaining(['--config', '/etc/caregraph/gateway.config.json']));
    expect(gateway.spec.template.spec.volumes).toContainEqual({ name: 'gateway-config', configMap: { name: 'caregraph-gateway-config' } });
  });
});
