// A local SMTP sink for tests and demos: accepts every message and writes it to DIR as .eml.
//   node scripts/smtp-sink.mjs PORT DIR
import { SMTPServer } from 'smtp-server';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [port, dir] = [Number(process.argv[2] ?? 2525), process.argv[3] ?? 'mail'];
mkdirSync(dir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const name = join(dir, `${Date.now()}-${++count}.eml`);
    const partial = name + '.part';
    const file = createWriteStream(partial);
    stream.pipe(file);
    file.on('finish', async () => {
      const { rename } = await import('node:fs/promises');
      await rename(partial, name);
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`smtp-sink listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
