import { DEMO_PASSWORD, DEMO_USERS } from '../demo/demo-accounts';

for (const u of DEMO_USERS) {
  process.stdout.write(`  ${u.role.padEnd(22)} ${u.email} / ${DEMO_PASSWORD}\n`);
}
