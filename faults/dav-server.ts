// A WebDAV server on loopback (the npm package the tests use), serving a folder with basic authentication.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { v2 as webdav } from 'webdav-server';

export const DAV_USER = 'pusher';
export const DAV_PASSWORD = 'faults-7f3q-secret';

export interface DavServer {
  port: number;
  close(): Promise<void>;
}

export async function startDav(root: string): Promise<DavServer> {
  const users = new webdav.SimpleUserManager();
  const user = users.addUser(DAV_USER, DAV_PASSWORD, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(user, '/', ['all']);
  const dav = new webdav.WebDAVServer({
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'gongbo-faults'),
    privilegeManager: privileges,
    rootFileSystem: new webdav.PhysicalFileSystem(root),
  });
  const server = http.createServer((req, res) => dav.executeRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
