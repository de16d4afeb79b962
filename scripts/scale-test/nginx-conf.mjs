// The balancer's configuration: deploy/nginx.conf's proxying, on loopback, with paths in a temp prefix.
import { userInfo } from 'node:os';

export function nginxConf({ prefix, port, upstreamPorts, temp }) {
  // As root, nginx would switch its workers to `nobody`, who cannot enter the private temp prefix.
  const user = userInfo().uid === 0 ? 'user root;' : '';
  return `
${user}
worker_processes 1;
pid ${prefix}/nginx.pid;
events { worker_connections 2048; }

http {
  access_log off;
  client_body_temp_path ${temp.client_body};
  proxy_temp_path ${temp.proxy};
  fastcgi_temp_path ${temp.fastcgi};
  uwsgi_temp_path ${temp.uwsgi};
  scgi_temp_path ${temp.scgi};

  upstream checkout {
    # As deploy/nginx.conf: an instance that refused a connection is skipped for 1 s only.
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} fail_timeout=1s;`).join('\n')}
    keepalive 32;
    # As deploy/nginx.conf: shorter than the instances' keep-alive timeout (KEEP_ALIVE_TIMEOUT_MS,
    # src/lifecycle/http-keep-alive.ts), so nginx, not the instance, closes an idle connection.
    keepalive_timeout 4s;
  }

  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://checkout;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # As deploy/nginx.conf: a request that never reached an instance (a draining one no longer
      # accepts connections) goes to another; a POST or PATCH that reached one is never sent twice (no
      # non_idempotent) — clients retry those with their Idempotency-Key.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      # Which instance answered (the last one tried), so the run can show the load was spread.
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}
