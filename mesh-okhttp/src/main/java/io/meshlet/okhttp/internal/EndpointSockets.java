package io.meshlet.okhttp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Dns;

/**
 * Steers OkHttp's connection to one endpoint without rewriting the request's URL: as the chain's
 * {@link Dns} it answers every name with the endpoint's address, and as its {@link SocketFactory}
 * (set only when the URL names another port) it connects to the endpoint's port whatever port the
 * URL names. The URL (and so the Host header, SNI and certificate checks) keeps the service's name;
 * OkHttp pools connections by {@code Dns} instance, so one instance per endpoint gives one pool per
 * endpoint.
 */
public final class EndpointSockets extends SocketFactory implements Dns {
  private final String address;
  private final int port;

  EndpointSockets(String address, int port) {
    this.address = address;
    this.port = port;
  }

  /** The port connections go to. */
  public int port() {
    return port;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws java.net.UnknownHostException {
    return List.of(InetAddress.getByName(address));
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      @Override
      public void connect(SocketAddress endpoint, int timeout) throws IOException {
        super.connect(new InetSocketAddress(((InetSocketAddress) endpoint).getAddress(), port), timeout);
      }
    };
  }

  @Override
  public Socket createSocket(String host, int ignoredPort) throws IOException {
    return new Socket(host, port);
  }

  @Override
  public Socket createSocket(String host, int ignoredPort, InetAddress localHost, int localPort) throws IOException {
    return new Socket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int ignoredPort) throws IOException {
    return new Socket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int ignoredPort, InetAddress localAddress, int localPort)
      throws IOException {
    return new Socket(host, port, localAddress, localPort);
  }
}
