// The interactive API docs: Swagger UI (served from this server, pinned by the
// swagger-ui-bundle package) reading the app's own OpenAPI description.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
