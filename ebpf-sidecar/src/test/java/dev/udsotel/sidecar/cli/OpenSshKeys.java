package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/** Reads the secret half of an unencrypted OpenSSH ed25519 key file, the bytes ssh-add hands the agent. */
final class OpenSshKeys {
    private OpenSshKeys() {}

    /** The 32-byte seed of the key's private part. */
    static byte[] ed25519Seed(Path keyFile) throws IOException {
        String pem =
                Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(pem));
        in.position("openssh-key-v1\0".length());
        string(in); // cipher name: none
        string(in); // kdf name: none
        string(in); // kdf options
        in.getInt(); // one key
        string(in); // its public key
        ByteBuffer secret = ByteBuffer.wrap(string(in));
        secret.getInt(); // check int
        secret.getInt(); // check int
        string(secret); // key type
        string(secret); // public key
        return Arrays.copyOf(string(secret), 32);
    }

    private static byte[] string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }
}
