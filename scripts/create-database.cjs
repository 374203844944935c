// Creates the database named in the URL when it does not exist (connects to the server's `postgres` db).
const { Client } = require('pg');

async function main() {
  const target = new URL(process.argv[2]);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name: ${name}`);
  const admin = new URL(target);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) {
    await client.query(`CREATE DATABASE "${name}"`);
    console.log(`created database ${name}`);
  }
  await client.end();
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
