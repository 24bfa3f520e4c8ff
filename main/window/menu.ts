// SECURITY(H-07): the application menu, built-in roles only. Electron's default menu has a Help item that calls
// shell.openExternal and a macOS Services menu that hands selected text, share words
// included, to other apps; neither exists here.
import type { MenuItemConstructorOptions } from 'electron';

type Role = NonNullable<MenuItemConstructorOptions['role']>;

export function applicationMenuTemplate(platform: NodeJS.Platform, isPackaged: boolean): MenuItemConstructorOptions[] {
  const items = (roles: Role[]): MenuItemConstructorOptions[] => roles.map((role) => ({ role }));
  const mac = platform === 'darwin';
  const view: Role[] = ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'];
  // SECURITY(H-13): the DevTools shortcut exists only while developing.
  if (!isPackaged) view.push('reload', 'toggleDevTools');
  const menu: MenuItemConstructorOptions[] = [
    { label: 'Edit', submenu: items(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) },
    { label: 'View', submenu: items(view) },
    { label: 'Window', submenu: items(mac ? ['minimize', 'zoom', 'front', 'close'] : ['minimize', 'close']) },
  ];
  if (mac) menu.unshift({ label: 'Airlock', submenu: items(['about', 'hide', 'hideOthers', 'unhide', 'quit']) });
  return menu;
}
