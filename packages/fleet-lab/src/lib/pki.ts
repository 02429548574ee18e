import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from './paths';

/** Files of the lab's throwaway certificate authority and keys. */
export type LabPki = {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** Signs and verifies service-account tokens (TokenRequest). */
  serviceAccountKey: string;
  serviceAccountPub: string;
};

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates the CA, a loopback serving certificate and the service-account key pair once. */
export function ensurePki(dir: string): LabPki {
  ensureDir(dir);
  const pki: LabPki = {
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'apiserver.crt'),
    serverKey: path.join(dir, 'apiserver.key'),
    serviceAccountKey: path.join(dir, 'sa.key'),
    serviceAccountPub: path.join(dir, 'sa.pub'),
  };
  if (!fs.existsSync(pki.caCert) || !fs.existsSync(pki.caKey)) {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        pki.caKey,
        '-out',
        pki.caCert,
        '-days',
        '3650',
        '-subj',
        '/CN=fleet-lab-ca',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      ],
      dir,
    );
    fs.rmSync(pki.serverCert, { force: true });
  }
  if (!fs.existsSync(pki.serverCert) || !fs.existsSync(pki.serverKey)) {
    const ext = path.join(dir, 'apiserver.ext');
    fs.writeFileSync(
      ext,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
        '',
      ].join('\n'),
    );
    const csr = path.join(dir, 'apiserver.csr');
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        pki.serverKey,
        '-out',
        csr,
        '-subj',
        '/CN=kube-apiserver',
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        pki.caCert,
        '-CAkey',
        pki.caKey,
        '-CAcreateserial',
        '-out',
        pki.serverCert,
        '-days',
        '3650',
        '-extfile',
        ext,
      ],
      dir,
    );
  }
  if (
    !fs.existsSync(pki.serviceAccountKey) ||
    !fs.existsSync(pki.serviceAccountPub)
  ) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    fs.writeFileSync(
      pki.serviceAccountKey,
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
      { mode: 0o600 },
    );
    fs.writeFileSync(
      pki.serviceAccountPub,
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
  }
  return pki;
}

export function randomToken(): string {
  return crypto.randomBytes(24).toString('hex');
}
