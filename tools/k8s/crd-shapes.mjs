// Field checks for the custom resources the manifests ship, whose schemas kubernetes-models does not carry:
// Gateway API's HTTPRoute (gateway.networking.k8s.io/v1, standard channel) and the Prometheus Operator's
// ServiceMonitor (monitoring.coreos.com/v1). Each shape lists the fields this project may use, from the CRDs'
// published OpenAPI schemas: an unknown (e.g. misspelled) field, a missing required one or a wrong type fails.
// A shape is { type, required?, fields?, items?, enum?, pattern? }.

const str = { type: "string" };
const strs = { type: "array", items: str };
const labelSelector = {
  type: "object",
  fields: { matchLabels: { type: "object", values: str }, matchExpressions: { type: "array", items: { type: "object" } } },
};
const metadata = { type: "object", required: ["name"], fields: {
  name: str, namespace: str, labels: { type: "object", values: str }, annotations: { type: "object", values: str },
} };

const duration = { type: "string", pattern: /^([0-9]{1,5}(h|m|s|ms)){1,4}$/ };

const httpRoute = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], fields: {
    apiVersion: str, kind: str, metadata,
    spec: { type: "object", fields: {
      parentRefs: { type: "array", items: { type: "object", required: ["name"], fields: {
        group: str, kind: str, namespace: str, name: str, sectionName: str, port: { type: "number" },
      } } },
      hostnames: strs,
      rules: { type: "array", items: { type: "object", fields: {
        name: str,
        matches: { type: "array", items: { type: "object", fields: {
          path: { type: "object", fields: {
            type: { type: "string", enum: ["Exact", "PathPrefix", "RegularExpression"] }, value: str } },
          headers: { type: "array", items: { type: "object" } },
          queryParams: { type: "array", items: { type: "object" } },
          method: str,
        } } },
        filters: { type: "array", items: { type: "object" } },
        backendRefs: { type: "array", items: { type: "object", required: ["name"], fields: {
          group: str, kind: str, name: str, namespace: str, port: { type: "number" }, weight: { type: "number" },
          filters: { type: "array", items: { type: "object" } },
        } } },
        timeouts: { type: "object", fields: { request: duration, backendRequest: duration } },
      } } },
    } },
  },
};

const serviceMonitor = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], fields: {
    apiVersion: str, kind: str, metadata,
    spec: { type: "object", required: ["selector"], fields: {
      selector: labelSelector,
      namespaceSelector: { type: "object", fields: { any: { type: "boolean" }, matchNames: strs } },
      jobLabel: str,
      endpoints: { type: "array", items: { type: "object", fields: {
        port: str, targetPort: { type: "string|number" }, path: str, scheme: { type: "string", enum: ["http", "https", "HTTP", "HTTPS"] },
        interval: duration, scrapeTimeout: duration, honorLabels: { type: "boolean" },
        relabelings: { type: "array", items: { type: "object" } },
        metricRelabelings: { type: "array", items: { type: "object" } },
      } } },
    } },
  },
};

export const crdShapes = {
  "gateway.networking.k8s.io/v1/HTTPRoute": httpRoute,
  "monitoring.coreos.com/v1/ServiceMonitor": serviceMonitor,
};

/** Returns the problems of `value` against `shape`, each naming its path; empty when it conforms. */
export function checkShape(value, shape, path = "") {
  const problems = [];
  const here = path || "(root)";
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (!shape.type.split("|").includes(actual)) return [`${here}: expected ${shape.type}, found ${actual}`];
  if (shape.enum && !shape.enum.includes(value)) problems.push(`${here}: ${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
  if (shape.pattern && !shape.pattern.test(value)) problems.push(`${here}: ${JSON.stringify(value)} does not match ${shape.pattern}`);
  if (actual === "array" && shape.items) value.forEach((item, i) => problems.push(...checkShape(item, shape.items, `${path}[${i}]`)));
  if (actual === "object") {
    for (const key of shape.required ?? []) if (!(key in value)) problems.push(`${here}: missing required field ${key}`);
    for (const [key, child] of Object.entries(value)) {
      const childShape = shape.fields ? shape.fields[key] : shape.values;
      if (shape.fields && !childShape) problems.push(`${path ? path + "." : ""}${key}: unknown field`);
      else if (childShape) problems.push(...checkShape(child, childShape, `${path ? path + "." : ""}${key}`));
    }
  }
  return problems;
}
