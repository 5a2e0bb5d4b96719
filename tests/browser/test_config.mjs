// The config the browser test runs switchboard with: one team in Berlin whose two layers are
// the same two people in opposite turns, so a sick day on one layer makes the substitute hold
// both layers at once (a "Gap ahead" warning), and a manager who is in no layer.
export function configText() {
  return JSON.stringify({
    listen: '127.0.0.1:0',
    chat: [{ type: 'console', name: 'console' }],
    people: {
      alice: { name: 'Alice', timezone: 'Europe/Berlin', role: 'manager', chat: { console: 'alice' } },
      bob: { name: 'Bob', timezone: 'Europe/Berlin', chat: { console: 'bob' } },
      carol: { name: 'Carol', timezone: 'Europe/Berlin', chat: { console: 'carol' } },
      dave: { name: 'Dave', timezone: 'Europe/Berlin', chat: { console: 'dave' } },
    },
    teams: {
      care: {
        timezone: 'Europe/Berlin',
        holidays: 'DE-BE',
        business_hours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
        coverage: [
          { name: 'evening', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '18:00', end: '22:00' },
          { name: 'weekend', days: ['sat', 'sun'], start: '09:00', end: '21:00' },
        ],
        rooms: { console: '#care' },
        layers: [
          { name: 'primary', members: ['bob', 'carol'], shift: '1w', handoff: { day: 'mon', time: '09:00' }, start: '2026-01-05' },
          { name: 'secondary', members: ['carol', 'bob'], shift: '1w', handoff: { day: 'mon', time: '09:00' }, start: '2026-01-05' },
        ],
        escalation: { business_hours: 'chain', after_hours: 'chain' },
      },
    },
    escalation_policies: {
      chain: { steps: [{ after: '0s', notify: [{ layer: 'primary' }], via: ['chat_dm'] }], repeat: 1 },
    },
    sources: { demo: { type: 'webhook', secret: { env: 'SB_TEST_SECRET' } } },
    routing: [{ match: {}, team: 'care' }],
  }, null, 2);
}

export const webhookSecret = 'browser-test-secret';
