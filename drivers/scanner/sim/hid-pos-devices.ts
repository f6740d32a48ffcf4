/**
 * Report descriptors of simulated HID-POS scanners, written item by item as the vendors' layouts
 * describe them (fleet-and-identity.md §4), for the simulator and the codec's golden tests. Both
 * declare one 64-byte input report, ID 2, in a Bar Code Scanner application collection.
 */
const h = (...b: number[]): number[] => b;

/** Scanned Data Report collection opening and the length byte (vendor page 0xFF00, usage 1). */
const OPEN = h(
  0x05, 0x8c, //       Usage Page (Bar Code Scanner)
  0x09, 0x02, //       Usage (Bar Code Scanner)
  0xa1, 0x01, //       Collection (Application)
  0x85, 0x02, //         Report ID (2)
  0x09, 0x12, //         Usage (Scanned Data Report)
  0xa1, 0x02, //         Collection (Logical)
  0x15, 0x00, //           Logical Minimum (0)
  0x26, 0xff, 0x00, //     Logical Maximum (255)
  0x75, 0x08, //           Report Size (8)
  0x95, 0x01, //           Report Count (1)
  0x06, 0x00, 0xff, //     Usage Page (Vendor 0xFF00)
  0x09, 0x01, //           Usage (1): data length
  0x81, 0x02, //           Input (Data,Var,Abs)
);

/** Trigger output report (ID 4) every scanner of this kind also declares; the parser must skip it. */
const TRIGGER_AND_CLOSE = h(
  0xc0, //             End Collection (Logical)
  0x85, 0x04, //         Report ID (4)
  0x05, 0x8c, //         Usage Page (Bar Code Scanner)
  0x09, 0x14, //         Usage (Trigger Report)
  0x75, 0x08, //         Report Size (8)
  0x95, 0x01, //         Report Count (1)
  0x91, 0x02, //         Output (Data,Var,Abs)
  0xc0, //             End Collection (Application)
);

/** Newland FM430 / QUIO QU-R-302: length 1, data 2–57, reserved 58–61, symbology 62, continued 63. */
export const NEWLAND_DESCRIPTOR = Uint8Array.from([
  ...OPEN,
  ...h(
    0x05, 0x8c, //     Usage Page (Bar Code Scanner)
    0x09, 0xfe, //     Usage (Decoded Data)
    0x95, 0x38, //     Report Count (56)
    0x82, 0x02, 0x01, // Input (Data,Var,Abs,Buffered Bytes)
    0x95, 0x04, //     Report Count (4)
    0x81, 0x03, //     Input (Cnst,Var,Abs): reserved
    0x06, 0x00, 0xff, // Usage Page (Vendor 0xFF00)
    0x09, 0x02, //     Usage (2): Newland symbology id
    0x95, 0x01, //     Report Count (1)
    0x81, 0x02, //     Input (Data,Var,Abs)
    0x05, 0x8c, //     Usage Page (Bar Code Scanner)
    0x09, 0xff, //     Usage (Decode Data Continued)
    0x81, 0x02, //     Input (Data,Var,Abs): 8-bit flag, 1 = more follows
  ),
  ...TRIGGER_AND_CLOSE,
]);

/** Access-IS LSR116/LSR118/ATR110: length 1, AIM 2–4, data 5–60, symbology 61, reserved 62, bit 0 of 63. */
export const ACCESS_IS_DESCRIPTOR = Uint8Array.from([
  ...OPEN,
  ...h(
    0x05, 0x8c, //     Usage Page (Bar Code Scanner)
    0x09, 0xfb, //     Usage (Symbology Identifier 1)
    0x09, 0xfc, //     Usage (Symbology Identifier 2)
    0x09, 0xfd, //     Usage (Symbology Identifier 3)
    0x95, 0x03, //     Report Count (3)
    0x81, 0x02, //     Input (Data,Var,Abs)
    0x09, 0xfe, //     Usage (Decoded Data)
    0x95, 0x38, //     Report Count (56)
    0x82, 0x02, 0x01, // Input (Data,Var,Abs,Buffered Bytes)
    0x06, 0x00, 0xff, // Usage Page (Vendor 0xFF00)
    0x09, 0x02, //     Usage (2): further symbology
    0x95, 0x01, //     Report Count (1)
    0x81, 0x02, //     Input (Data,Var,Abs)
    0x81, 0x03, //     Input (Cnst,Var,Abs): reserved
    0x05, 0x8c, //     Usage Page (Bar Code Scanner)
    0x09, 0xff, //     Usage (Decode Data Continued)
    0x25, 0x01, //     Logical Maximum (1)
    0x75, 0x01, //     Report Size (1)
    0x81, 0x02, //     Input (Data,Var,Abs)
    0x75, 0x07, //     Report Size (7)
    0x81, 0x03, //     Input (Cnst,Var,Abs): padding
  ),
  ...TRIGGER_AND_CLOSE,
]);

/**
 * A composite device: a boot keyboard (report ID 1, 8 bytes) before the Access-IS collection, so the
 * scanned-data report is not the first input report in the descriptor.
 */
export const KEYBOARD_PLUS_ACCESS_IS_DESCRIPTOR = Uint8Array.from([
  ...h(
    0x05, 0x01, //     Usage Page (Generic Desktop)
    0x09, 0x06, //     Usage (Keyboard)
    0xa1, 0x01, //     Collection (Application)
    0x85, 0x01, //       Report ID (1)
    0x05, 0x07, //       Usage Page (Keyboard/Keypad)
    0x19, 0xe0, //       Usage Minimum (Left Control)
    0x29, 0xe7, //       Usage Maximum (Right GUI)
    0x15, 0x00, //       Logical Minimum (0)
    0x25, 0x01, //       Logical Maximum (1)
    0x75, 0x01, //       Report Size (1)
    0x95, 0x08, //       Report Count (8)
    0x81, 0x02, //       Input (Data,Var,Abs): modifiers
    0x75, 0x08, //       Report Size (8)
    0x95, 0x01, //       Report Count (1)
    0x81, 0x01, //       Input (Cnst): reserved
    0x95, 0x06, //       Report Count (6)
    0x26, 0xff, 0x00, // Logical Maximum (255)
    0x19, 0x00, //       Usage Minimum (0)
    0x2a, 0xff, 0x00, // Usage Maximum (255)
    0x81, 0x00, //       Input (Data,Array): key codes
    0xc0, //           End Collection
  ),
  ...ACCESS_IS_DESCRIPTOR,
]);
