#!/usr/bin/env python3
"""Runs Apache Flume 1.11 on a benchmark load of Sluice's, for docs/performance.md.

Usage, from a directory holding Flume's jars in lib/ (see docs/performance.md for how to get them):
    python3 flume_compare.py http 10000000        # http source (JSON handler) -> memory -> null
    python3 flume_compare.py syslogtcp 2000000    # syslogtcp source -> memory -> null
The load comes from Sluice's own load clients (HttpLoadClient: 4 keep-alive connections posting 100
events of 100 bytes; SyslogLoadClient: 100-byte lines on one connection), run from SLUICE_LIB.
Flume's null sink has no counters, so the clock runs from the memory channel's first committed put
to its n-th committed take. CPU is the Flume process's, from /proc.
"""
import subprocess, sys, time, json, urllib.request, socket, os
kind, n = sys.argv[1], int(sys.argv[2])
def free():
    s=socket.socket(); s.bind(('127.0.0.1',0)); p=s.getsockname()[1]; s.close(); return p
port, mport = free(), free()
src = {'http': f"b.sources.r1.type = http\nb.sources.r1.bind = 127.0.0.1\nb.sources.r1.port = {port}\n",
       'syslogtcp': f"b.sources.r1.type = syslogtcp\nb.sources.r1.host = 127.0.0.1\nb.sources.r1.port = {port}\n"}[kind]
conf = f"""b.sources = r1
b.channels = c1
b.sinks = k1
{src}b.sources.r1.channels = c1
b.channels.c1.type = memory
b.channels.c1.capacity = 100000
b.channels.c1.transactionCapacity = 1000
b.sinks.k1.type = null
b.sinks.k1.batchSize = 1000
b.sinks.k1.channel = c1
"""
open('b.conf','w').write(conf)
agent = subprocess.Popen(['java','-Xmx2g','-cp','lib/*',f'-Dflume.monitoring.type=http',f'-Dflume.monitoring.port={mport}',
    'org.apache.flume.node.Application','-n','b','-f','b.conf','--no-reload-conf'], stdout=open('flume.out','w'), stderr=subprocess.STDOUT)
def metrics():
    try: return json.load(urllib.request.urlopen(f'http://127.0.0.1:{mport}/metrics', timeout=2))
    except Exception: return {}
for _ in range(300):
    try: socket.create_connection(('127.0.0.1',port),timeout=1).close(); break
    except Exception: time.sleep(0.1)
time.sleep(1)
lib=os.environ.get('SLUICE_LIB', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'agent', 'daemon', 'target', 'lib')) + '/*'
cls={'http':'io.sluice.daemon.HttpLoadClient','syslogtcp':'io.sluice.daemon.SyslogLoadClient'}[kind]
args=['127.0.0.1',str(port),str(n)] + (['4'] if kind=='http' else [])
client = subprocess.Popen(['java','-cp',lib,cls]+args)
pid = agent.pid
def cpu():
    f=open(f'/proc/{pid}/stat').read().split(')')[-1].split(); return (int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK')
while True:
    m=metrics().get('CHANNEL.c1',{})
    if int(m.get('EventPutSuccessCount','0'))>0: break
    time.sleep(0.001)
t0=time.time(); c0=cpu()
while True:
    m=metrics().get('CHANNEL.c1',{})
    if int(m.get('EventTakeSuccessCount','0'))>=n: break
    time.sleep(0.01)
dt=time.time()-t0; dc=cpu()-c0
print(f"flume-1.11 {kind} events={n} seconds={dt:.2f} events/s={n/dt:,.0f} cpu_s_per_M={dc/(n/1e6):.3f}")
client.kill(); agent.kill()
