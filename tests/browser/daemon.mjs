// The real switchboard binary for the browser test: a temporary state directory, the console
// chat on stdin/stdout, the port it picked read from its log.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class Daemon {
  static async start({ binary, webDir, config, env = {} }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-browser-'));
    const configPath = path.join(dir, 'switchboard.jsonc');
    fs.writeFileSync(configPath, config);
    const args = ['run', '--config', configPath, '--state-dir', path.join(dir, 'state'),
      '--listen', '127.0.0.1:0', '--web-dir', webDir, '--as', 'alice'];
    const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const daemon = new Daemon(child, dir);
    const match = await daemon.waitFor('stderr', /listening on http:\/\/[^:]+:(\d+)/, 20000);
    daemon.port = Number(match[1]);
    daemon.base = `http://127.0.0.1:${daemon.port}`;
    return daemon;
  }

  constructor(child, dir) {
    this.child = child;
    this.dir = dir;
    this.out = { stdout: '', stderr: '' };
    this.waiters = [];
    for (const name of ['stdout', 'stderr']) {
      child[name].setEncoding('utf8');
      child[name].on('data', (chunk) => {
        this.out[name] += chunk;
        if (process.env.SB_BROWSER_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
        this.check();
      });
    }
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      this.exitCode = code ?? signal;
      this.check();
      resolve(code);
    }));
  }

  check() {
    for (const w of [...this.waiters]) {
      const m = w.pattern.exec(this.out[w.stream].slice(w.from));
      if (m) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(m);
      } else if (this.exitCode !== undefined) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.reject(new Error(`switchboard exited (${this.exitCode}) before ${w.pattern}\n${this.tail()}`));
      }
    }
  }

  // Resolves with the match of pattern in the stream's text after `from` (default: all of it).
  waitFor(stream, pattern, timeoutMs = 10000, from = 0) {
    return new Promise((resolve, reject) => {
      const w = { stream, pattern, from, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for ${pattern} on ${stream}\n${this.tail()}`));
      }, timeoutMs);
      this.waiters.push(w);
      this.check();
    });
  }

  // Where stdout is now, to wait only for what comes after.
  mark() {
    return this.out.stdout.length;
  }

  // A line typed in the console chat.
  type(line) {
    this.child.stdin.write(`${line}\n`);
  }

  // Types `line` as `person` and waits for the bot's answer to it.
  async say(person, line, timeoutMs = 10000) {
    const from = this.mark();
    this.type(`/as ${person}`);
    this.type(line);
    const escaped = person.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = await this.waitFor('stdout', new RegExp(`→ ${escaped}: ([^\\n]*)`), timeoutMs, from);
    return m[1];
  }

  // A signed webhook delivery, as a source would send it.
  async postMention(secret, mention) {
    const body = JSON.stringify(mention);
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const response = await fetch(`${this.base}/hooks/demo`, {
      method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Switchboard-Signature': signature },
    });
    if (response.status !== 202 && response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    return response.json();
  }

  tail() {
    return `--- stdout ---\n${this.out.stdout.slice(-3000)}\n--- stderr ---\n${this.out.stderr.slice(-3000)}`;
  }

  async stop() {
    if (this.exitCode === undefined) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
